/// A child's command line as it may be logged: the values of options that can carry secrets — every
/// `--kafka-option` (a SASL password, an SSL key's passphrase) and any option named like a secret — are replaced by
/// `***`, so `tao up`'s log never prints a credential, mistyped or not.
enum RedactedArguments {
    static let secretOptions: Set<String> = ["--kafka-option"]
    static let secretWords = ["password", "secret", "token", "key", "credential", "sasl"]

    static func redact(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var hideNext = false
        for argument in arguments {
            if hideNext {
                result.append(Self.hide(argument))
                hideNext = false
                continue
            }
            let (name, inlineValue) = Self.split(argument)
            let secret = secretOptions.contains(name) || secretWords.contains { name.lowercased().contains($0) }
            if secret, name.hasPrefix("--") {
                if let inlineValue { result.append("\(name)=\(Self.hide(inlineValue))") } else { result.append(name); hideNext = true }
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// `key=value` keeps its key (the property name helps an operator) and loses its value.
    private static func hide(_ value: String) -> String {
        guard let equals = value.firstIndex(of: "=") else { return "***" }
        return "\(value[..<equals])=***"
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
