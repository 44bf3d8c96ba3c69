import Crypto
import Foundation
import Messages

/// Ed25519 signatures on policy announcements, so that writing to the policy topic is not enough to decide which
/// weights every generator and trainer loads: the coordinator signs each announcement with its private key, and a
/// stage with trusted public keys refuses one that is unsigned or whose signature none of them verifies.
///
/// What is signed: the SHA-256 of a JSON object (sorted keys) of every field that says what to load — version,
/// epoch, checksum, size, format, weights, adapter, config, tokenizer, tokenizer config, applied updates. The weights'
/// checksum and blob ids cover the bytes. The signature is `ed25519:<key id>:<base64>`, where the key id is the first
/// 8 bytes of the SHA-256 of the raw public key, in hex, so a stage trusting several keys (a rotation) knows which
/// one to try.
public struct PolicySigner: Sendable {
    /// The 32-byte private key (swift-crypto's key types are not `Sendable`; one is made per signature).
    private let rawKey: Data
    public let keyID: String

    /// - Parameter rawKey: the 32-byte Ed25519 private key (seed).
    public init(rawKey: Data) throws {
        let key: Curve25519.Signing.PrivateKey
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawKey) } catch {
            throw SignatureError.badKey("the private key", reason: "not a 32-byte Ed25519 key (\(error))")
        }
        self.rawKey = rawKey
        keyID = PolicySignature.keyID(key.publicKey)
    }

    /// A key from `reference`: a file holding the base64 key (as `tao keys generate` writes it), or `base64:<key>`
    /// itself (for a secret in an environment variable).
    public static func load(_ reference: String) throws -> PolicySigner {
        try PolicySigner(rawKey: try PolicySignature.keyBytes(reference, what: "signing key"))
    }

    /// `announcement` with its signature set.
    public func sign(_ announcement: PolicyAnnouncement) throws -> PolicyAnnouncement {
        var signed = announcement
        signed.signature = try signature(for: PolicySignature.message(announcement))
        return signed
    }

    /// `ed25519:<key id>:<base64>` over `message`.
    func signature(for message: Data) throws -> String {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawKey)
        return "ed25519:\(keyID):\(try key.signature(for: message).base64EncodedString())"
    }

    /// A new key pair, as base64 text: (private, public).
    public static func generate() -> (privateKey: String, publicKey: String) {
        let key = Curve25519.Signing.PrivateKey()
        return (key.rawRepresentation.base64EncodedString(), key.publicKey.rawRepresentation.base64EncodedString())
    }
}

/// The public keys a stage accepts policy announcements from. Empty: signatures are not checked (a run that does
/// not sign). During a rotation both the old and the new key are trusted.
public struct TrustedKeys: Sendable {
    /// Raw 32-byte public keys by key id.
    let keys: [String: Data]

    public static let none = TrustedKeys(keys: [:])

    init(keys: [String: Data]) { self.keys = keys }

    /// - Parameter rawKeys: 32-byte Ed25519 public keys.
    public init(rawKeys: [Data]) throws {
        var keys: [String: Data] = [:]
        for raw in rawKeys {
            do {
                let key = try Curve25519.Signing.PublicKey(rawRepresentation: raw)
                keys[PolicySignature.keyID(key)] = raw
            } catch {
                throw SignatureError.badKey("a trusted key", reason: "not a 32-byte Ed25519 public key (\(error))")
            }
        }
        self.init(keys: keys)
    }

    /// Keys from files holding base64 public keys, or `base64:<key>` values.
    public static func load(_ references: [String]) throws -> TrustedKeys {
        try TrustedKeys(rawKeys: references.map { try PolicySignature.keyBytes($0, what: "trusted key") })
    }

    public var isEmpty: Bool { keys.isEmpty }
    public var keyIDs: [String] { keys.keys.sorted() }

    /// Throws `SignatureError` unless one of these keys signed `announcement` as it stands (no-op when empty).
    public func verify(_ announcement: PolicyAnnouncement) throws {
        let version = announcement.version
        switch try check(announcement.signature, over: { try PolicySignature.message(announcement) }) {
        case nil: return
        case .unsigned: throw SignatureError.unsigned(version: version)
        case .malformed: throw SignatureError.malformed(version: version)
        case .unknownKey(let keyID): throw SignatureError.unknownKey(version: version, keyID: keyID, trusted: keyIDs)
        case .mismatch(let keyID): throw SignatureError.mismatch(version: version, keyID: keyID)
        }
    }

    /// What is wrong with `signature` over `message`, or nil when a trusted key made it (or none is trusted).
    func check(_ signature: String?, over message: () throws -> Data) throws -> Refusal? {
        guard !keys.isEmpty else { return nil }
        guard let signature else { return .unsigned }
        let parts = signature.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "ed25519", let bytes = Data(base64Encoded: parts[2]) else { return .malformed }
        guard let raw = keys[parts[1]], let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            return .unknownKey(parts[1])
        }
        return key.isValidSignature(bytes, for: try message()) ? nil : .mismatch(parts[1])
    }

    enum Refusal { case unsigned, malformed, unknownKey(String), mismatch(String) }
}

public enum SignatureError: Error, CustomStringConvertible, Equatable {
    case unsigned(version: Int)
    case malformed(version: Int)
    case unknownKey(version: Int, keyID: String, trusted: [String])
    case mismatch(version: Int, keyID: String)
    case updateUnsigned(id: String)
    case updateMalformed(id: String)
    case updateUnknownKey(id: String, keyID: String, trusted: [String])
    case updateMismatch(id: String, keyID: String)
    case badKey(String, reason: String)

    public var description: String {
        switch self {
        case .unsigned(let version):
            "signature: policy v\(version) is unsigned, and this stage trusts only signed announcements "
                + "(security.trusted-keys); was it published by something other than the coordinator?"
        case .malformed(let version):
            "signature: policy v\(version)'s signature is not ed25519:<key id>:<base64>"
        case .unknownKey(let version, let keyID, let trusted):
            "signature: policy v\(version) is signed by key \(keyID), not one this stage trusts (\(trusted.joined(separator: ", "))); "
                + "after a key rotation, add the new public key to security.trusted-keys"
        case .mismatch(let version, let keyID):
            "signature: policy v\(version)'s signature does not verify with key \(keyID): the announcement was changed after signing"
        case .updateUnsigned(let id):
            "signature: update \(id) is unsigned, and the coordinator trusts only signed updates "
                + "(security.trusted-keys); was it published by something other than a trainer?"
        case .updateMalformed(let id):
            "signature: update \(id)'s signature is not ed25519:<key id>:<base64>"
        case .updateUnknownKey(let id, let keyID, let trusted):
            "signature: update \(id) is signed by key \(keyID), not one the coordinator trusts (\(trusted.joined(separator: ", "))); "
                + "add the trainers' public key to the coordinator's security.trusted-keys"
        case .updateMismatch(let id, let keyID):
            "signature: update \(id)'s signature does not verify with key \(keyID): the update was changed after signing"
        case .badKey(let what, let reason):
            "\(what): \(reason)"
        }
    }
}

enum PolicySignature {
    /// What is signed: every field that decides what a stage loads, as sorted-key JSON.
    static func message(_ announcement: PolicyAnnouncement) throws -> Data {
        struct Signed: Encodable {
            let version: Int, epoch: Int, checksum: String, size: Int, format: String, appliedUpdates: Int
            let weights: Payload, adapter: AdapterReference?, config: String, tokenizer: Payload, tokenizerConfig: String?
        }
        let a = announcement
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let fields = try encoder.encode(Signed(
            version: a.version, epoch: a.fencingEpoch, checksum: a.checksum, size: a.size, format: a.format,
            appliedUpdates: a.appliedUpdates, weights: a.weights, adapter: a.adapter, config: a.config,
            tokenizer: a.tokenizer, tokenizerConfig: a.tokenizerConfig))
        return Data("tao.policy-signature/1\n".utf8) + Data(SHA256.hash(data: fields))
    }

    static func keyID(_ key: Curve25519.Signing.PublicKey) -> String {
        SHA256.hash(data: key.rawRepresentation).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The key bytes `reference` names: `base64:<key>`, or a file holding the base64 key.
    static func keyBytes(_ reference: String, what: String) throws -> Data {
        let text: String
        if reference.hasPrefix("base64:") {
            text = String(reference.dropFirst("base64:".count))
        } else {
            do { text = try String(contentsOfFile: reference, encoding: .utf8) } catch {
                throw SignatureError.badKey("the \(what) \(reference)", reason: "cannot be read (\(error.localizedDescription))")
            }
        }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw SignatureError.badKey("the \(what) \(reference.hasPrefix("base64:") ? "given inline" : reference)", reason: "not base64")
        }
        return bytes
    }
}
