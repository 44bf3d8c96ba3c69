import Tasks

extension TaskPrompt {
    /// `count` prompts that cycle through `distinct`, as traffic that recurs: the first pass keeps the ids, pass p
    /// (from 2) suffixes them `#p`, so every published prompt has its own id.
    public static func recurring(_ distinct: [TaskPrompt], count: Int) -> [TaskPrompt] {
        precondition(!distinct.isEmpty || count == 0, "recurring traffic needs at least one prompt")
        return (0..<count).map { i in
            var prompt = distinct[i % distinct.count]
            let pass = i / distinct.count + 1
            if pass > 1 { prompt.id += "#\(pass)" }
            return prompt
        }
    }
}
