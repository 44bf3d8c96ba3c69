extension ChatTemplate {
    /// Renders with an arbitrary context (no messages or tokens added): for tests that pin one Jinja behaviour.
    func renderForTesting(context: [String: Value], limits: Renderer.Limits = Renderer.Limits()) throws -> String {
        try Renderer(context: context, limits: limits).render(body)
    }
}
