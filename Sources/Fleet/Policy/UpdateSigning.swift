import Crypto
import Foundation
import Messages

/// Trainers sign their updates as the coordinator signs its announcements, so that only a trainer holding a
/// trusted key decides which gradients reach the weights.
extension PolicySigner {
    /// `update` with its signature set.
    public func sign(_ update: UpdateMessage) throws -> UpdateMessage {
        var signed = update
        signed.signature = try signature(for: PolicySignature.message(update))
        return signed
    }
}

extension TrustedKeys {
    /// Throws `SignatureError` unless one of these keys signed `update` as it stands (no-op when empty).
    public func verify(_ update: UpdateMessage) throws {
        let id = update.id
        switch try check(update.signature, over: { try PolicySignature.message(update) }) {
        case nil: return
        case .unsigned: throw SignatureError.updateUnsigned(id: id)
        case .malformed: throw SignatureError.updateMalformed(id: id)
        case .unknownKey(let keyID): throw SignatureError.updateUnknownKey(id: id, keyID: keyID, trusted: keyIDs)
        case .mismatch(let keyID): throw SignatureError.updateMismatch(id: id, keyID: keyID)
        }
    }
}

extension PolicySignature {
    /// What a trainer signs: every field of the update that decides what is applied, as sorted-key JSON. The
    /// payload's bytes are covered by its inline bytes or its blob's SHA-256; `stats` (progress numbers) are not.
    static func message(_ update: UpdateMessage) throws -> Data {
        struct Signed: Encodable {
            let id: String, baseVersion: Int, baseEpoch: Int?, kind: String, payload: Payload, rolloutIDs: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let fields = try encoder.encode(Signed(
            id: update.id, baseVersion: update.baseVersion, baseEpoch: update.baseEpoch, kind: update.kind.rawValue,
            payload: update.payload, rolloutIDs: update.rolloutIDs))
        return Data("tao.update-signature/1\n".utf8) + Data(SHA256.hash(data: fields))
    }
}
