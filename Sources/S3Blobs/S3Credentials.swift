import Foundation

/// An access key pair for signing: from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional
/// `AWS_SESSION_TOKEN`) or from files named by `AWS_ACCESS_KEY_ID_FILE` / `AWS_SECRET_ACCESS_KEY_FILE` /
/// `AWS_SESSION_TOKEN_FILE` (a Kubernetes Secret mounted as files). Never printed: `description` shows the key id
/// only.
public struct S3Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let accessKeyID: String
    let secretAccessKey: String
    let sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "S3Credentials(accessKeyID: \(accessKeyID), secret: <redacted>)" }
    public var debugDescription: String { description }

    /// From `environment`: each value directly, or from the file its `_FILE` variable names.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> S3Credentials {
        func value(_ name: String) throws -> String? {
            if let direct = environment[name], !direct.isEmpty { return direct }
            guard let file = environment[name + "_FILE"] else { return nil }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw S3Error.missingCredentials("\(name)_FILE names \(file), which cannot be read")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let id = try value("AWS_ACCESS_KEY_ID"), let secret = try value("AWS_SECRET_ACCESS_KEY") else {
            throw S3Error.missingCredentials(
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_ACCESS_KEY_ID_FILE and AWS_SECRET_ACCESS_KEY_FILE")
        }
        return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: try value("AWS_SESSION_TOKEN"))
    }
}
