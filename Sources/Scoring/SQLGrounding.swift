/// Label-free evidence that a query asks about what its question names: its constants are the question's.
///
///     "number of orders from Lyon in 2023"
///     SELECT COUNT(*) FROM orders JOIN customers USING(cid) WHERE city='Lyon' AND year=2023     grounded
///     SELECT COUNT(*) FROM orders JOIN customers USING(cid) WHERE city='Nice' AND year=2023     not: 'Nice'
///     SELECT COUNT(*) FROM orders JOIN customers USING(cid) WHERE city='Lyon'                  not: 2023 unused
///
/// A query is grounded when every literal it uses (quoted strings, and integers other than a `LIMIT` count) is a
/// word of the question, and every value the question names (its integers and capitalised words) is a literal of
/// the query. It knows nothing about the database, so it fits any schema whose values appear in questions verbatim.
public enum SQLGrounding {
    /// The question of a `Q: <question>\nSQL: ` prompt; the whole text when it has no `Q: ` line.
    public static func question(ofPrompt text: String) -> String {
        let line = text.split(separator: "\n").first { $0.hasPrefix("Q: ") }
        return line.map { String($0.dropFirst(3)) } ?? text
    }

    public static func isGrounded(sql: String, question: String) -> Bool {
        let used = literals(ofSQL: sql)
        let words = Set(words(of: question))
        let usedWords = Set(used.flatMap { Self.words(of: $0) })
        return usedWords.isSubset(of: words) && values(ofQuestion: question).allSatisfy { usedWords.contains($0) }
    }

    /// Quoted strings (without quotes) and integers that are not part of an identifier or a `LIMIT n`.
    static func literals(ofSQL sql: String) -> [String] {
        let characters = Array(sql)
        var result: [String] = []
        var index = 0
        var previousWord = ""
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                var end = index + 1
                while end < characters.count, characters[end] != "'" { end += 1 }
                result.append(String(characters[(index + 1)..<min(end, characters.count)]))
                index = end + 1
                previousWord = ""
            } else if isIdentifierCharacter(character) {
                var end = index
                while end < characters.count, isIdentifierCharacter(characters[end]) { end += 1 }
                let token = String(characters[index..<end])
                if token.allSatisfy(\.isNumber), previousWord.uppercased() != "LIMIT" { result.append(token) }
                previousWord = token
                index = end
            } else {
                if !character.isWhitespace { previousWord = "" }
                index += 1
            }
        }
        return result
    }

    /// The integers and capitalised words of a question: what a query about it has to mention.
    static func values(ofQuestion question: String) -> [String] {
        words(of: question).filter { word in
            word.allSatisfy(\.isNumber) || (word.first?.isUppercase ?? false)
        }
    }

    static func words(of text: String) -> [String] {
        text.split { !isIdentifierCharacter($0) }.map(String.init)
    }

    private static func isIdentifierCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
