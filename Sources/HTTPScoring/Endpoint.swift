import Foundation

/// The service's URL as errors and logs may show it: no user, password, query or fragment, which can hold secrets.
enum Endpoint {
    static func redact(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.host != nil else { return "<unparsable URL>" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? "<unparsable URL>"
    }
}
