extension ChatTemplate {
    /// Renders with an arbitrary context (no messages or tokens added): for tests that pin one Jinja behaviour.
    func renderForTesting(context: [String: Value]) throws -> String {
        try Renderer(context: context).render(body)
    }
}
