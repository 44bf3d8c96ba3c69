import Foundation
import Logging
import Testing

@testable import Observability

/// `log.format: json`: one parseable object per line, with the message, level, label and metadata.
@Suite struct JSONLogHandlerTests {
    @Test func aLineIsOneJSONObjectWithEveryField() throws {
        let line = JSONLogHandler.line(
            level: .warning, label: "tao.generator", message: "a \"quoted\"\nmessage", source: "Fleet",
            metadata: ["prompt": "p-1", "version": "3"], time: Date(timeIntervalSince1970: 0))
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "warning" && object["label"] == "tao.generator" && object["source"] == "Fleet")
        #expect(object["message"] == "a \"quoted\"\nmessage")
        #expect(object["prompt"] == "p-1" && object["version"] == "3")
        #expect(object["time"] == "1970-01-01T00:00:00Z")
    }
}
