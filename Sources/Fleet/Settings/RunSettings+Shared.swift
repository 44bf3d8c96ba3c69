extension RunSettings {
    /// What every stage shares (`FleetOptions`): which run, where large payloads live, where health and metrics are
    /// served, and how stale work may be.
    public struct Shared: Codable, Equatable, Sendable {
        /// Topic names start with it: `<runId>.prompts`, `.candidates`, …
        public var runId = "tao"
        /// Directory of the shared blob store.
        public var blobStore: String
        /// Port of `/healthz`, `/readyz` and `/metrics` (0 picks a free one); `nil` serves none.
        public var metricsPort: Int?
        public var metricsHost = "127.0.0.1"
        /// Work from a policy more than this many versions behind the newest is not used.
        public var maxLag = 4

        public init(blobStore: String) {
            self.blobStore = blobStore
        }
    }
}
