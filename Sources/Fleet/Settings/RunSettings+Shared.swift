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
        /// An Ed25519 private key (a file, or `base64:<key>`): the coordinator signs every announcement with it, a
        /// trainer every update. Nil: unsigned.
        public var signingKey: String?
        /// Public keys (files, or `base64:<key>`) whose signatures stages accept; empty: signatures are not checked.
        public var trustedKeys: [String] = []

        public init(blobStore: String) {
            self.blobStore = blobStore
        }
    }
}

extension RunSettings.Shared {
    /// The coordinator's or a trainer's signer, when `signingKey` names one.
    public func signer() throws -> PolicySigner? { try signingKey.map(PolicySigner.load) }

    /// The keys stages accept announcements from.
    public func trusted() throws -> TrustedKeys { try TrustedKeys.load(trustedKeys) }
}

extension GeneratorSettings {
    /// These settings, trusting the keys `shared` names.
    public func trusting(_ shared: RunSettings.Shared) throws -> GeneratorSettings {
        var settings = self
        settings.trustedKeys = try shared.trusted()
        return settings
    }
}

extension TrainerSettings {
    /// These settings, trusting the keys `shared` names and signing updates with its key.
    public func trusting(_ shared: RunSettings.Shared) throws -> TrainerSettings {
        var settings = self
        settings.trustedKeys = try shared.trusted()
        settings.signer = try shared.signer()
        return settings
    }
}

extension CoordinatorSettings {
    /// These settings, signing with the key `shared` names and accepting updates the keys it trusts signed.
    public func signing(_ shared: RunSettings.Shared) throws -> CoordinatorSettings {
        var settings = self
        settings.signer = try shared.signer()
        settings.trustedKeys = try shared.trusted()
        return settings
    }
}
