@testable import FleetRuntime
import Testing

/// `tao up` logs each child's command line; a credential on it is never printed.
@Suite struct RedactedArgumentsTests {
    @Test func secretsOnAChildsCommandLineAreNotLogged() {
        let shown = RedactedArguments.redact([
            "--run-id", "r1", "--kafka-option", "sasl.password=hunter2", "--kafka-option=ssl.key.password=pw",
            "--signing-key", "abc", "--max-lag", "4",
        ]).joined(separator: " ")
        #expect(!shown.contains("hunter2") && !shown.contains("pw ") && !shown.contains("abc"), "\(shown)")
        #expect(shown == "--run-id r1 --kafka-option sasl.password=*** --kafka-option=ssl.key.password=*** --signing-key *** --max-lag 4")
    }
}
