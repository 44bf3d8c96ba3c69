/// How the process tests wait for other processes (their HTTP endpoints, what they wrote to the topics): looking
/// every 100 ms, for 30 s unless a test allows more. The stages start, commit and stop in seconds; polling faster
/// would only take CPU from the fleet under test.
enum ProcessWait {
    static let polling: Duration = .milliseconds(100)
    static let deadline: Duration = .seconds(30)
}
