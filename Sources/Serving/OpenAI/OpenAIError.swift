import Foundation

/// An error as OpenAI's API returns it: an HTTP status and `{"error": {"message", "type", "param", "code"}}`, so
/// clients written for OpenAI (the official `openai` package among them) raise their usual exception with our
/// message.
public struct OpenAIError: Error, Equatable, Sendable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var type: String
    public var param: String?
    public var code: String?

    public init(status: Int, message: String, type: String = "invalid_request_error", param: String? = nil, code: String? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
    }

    public var description: String { "\(status) \(type): \(message)" }

    /// The response body.
    public var json: Data {
        let error: [String: Any] = [
            "message": message, "type": type, "param": param ?? NSNull(), "code": code ?? NSNull(),
        ]
        return (try? JSONSerialization.data(withJSONObject: ["error": error], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    static func invalid(_ message: String, param: String? = nil, code: String? = nil) -> OpenAIError {
        OpenAIError(status: 400, message: message, param: param, code: code)
    }

    static func missing(_ param: String) -> OpenAIError {
        invalid("Missing required parameter: '\(param)'.", param: param, code: "missing_required_parameter")
    }

    static func wrongType(_ param: String, expected: String, got value: Any) -> OpenAIError {
        invalid("Invalid type for '\(param)': expected \(expected), but got \(JSONKind.of(value)) instead.",
                param: param, code: "invalid_type")
    }

    static func modelNotFound(_ model: String) -> OpenAIError {
        OpenAIError(status: 404, message: "The model `\(model)` does not exist or you do not have access to it.",
                    param: "model", code: "model_not_found")
    }

    static func notReady(_ reason: String) -> OpenAIError {
        OpenAIError(status: 503, message: "The server is not ready: \(reason). Retry shortly.", type: "server_error",
                    code: "not_ready")
    }

    static func server(_ message: String) -> OpenAIError {
        OpenAIError(status: 500, message: message, type: "server_error")
    }
}

/// How OpenAI's error messages name a JSON value's type ("a string", "an integer", …).
enum JSONKind {
    /// JSON's `true` and `false`: JSONSerialization gives an `NSNumber` whose type is a C `char` for them (on Linux
    /// and Darwin alike), while `is Bool` is true of every 0 and 1.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func of(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case let number as NSNumber where JSONKind.isBoolean(number): "a boolean"
        case let number as NSNumber: number.doubleValue == number.doubleValue.rounded() ? "an integer" : "a decimal"
        case is String: "a string"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "an unknown value"
        }
    }
}
