import Messages
import Promotion
import Testing

/// The promotion record folded: which version serves, what was decided, what a rollback returns to.
@Suite struct PromotionLedgerTests {
    func record(_ version: Int, _ decision: PromotionRecord.Decision, by: String = "gate") -> PromotionRecord {
        PromotionRecord(version: version, decision: decision, by: by, previous: nil, reason: "r", at: version)
    }

    @Test func thePromotedVersionIsTheNewestRecordThatIsNotARefusal() {
        var ledger = PromotionLedger()
        #expect(ledger.promoted == nil && ledger.rollbackTarget == nil)
        ledger.apply(record(0, .promoted))
        ledger.apply(record(3, .promoted))
        ledger.apply(record(5, .refused))
        #expect(ledger.promoted == 3)
        #expect(ledger.decided == [0, 3, 5])
        #expect(ledger.rollbackTarget == 0)
    }

    @Test func aRollbackWalksBackThroughThePromotedVersions() {
        var ledger = PromotionLedger([record(0, .promoted), record(2, .promoted), record(4, .promoted)])
        #expect(ledger.rollbackTarget == 2)
        ledger.apply(record(2, .rolledBack, by: "operator"))
        #expect(ledger.promoted == 2)
        #expect(ledger.rollbackTarget == 0, "a second rollback goes further back, not forward to v4")
        ledger.apply(record(0, .rolledBack, by: "operator"))
        #expect(ledger.promoted == 0 && ledger.rollbackTarget == nil)
        ledger.apply(record(4, .promoted, by: "operator"))
        #expect(ledger.promoted == 4 && ledger.rollbackTarget == 0)
    }

    @Test func aRecordRoundTripsOnTheWire() throws {
        let original = PromotionRecord(
            version: 7, decision: .refused, by: "gate", previous: 5, reason: "v7 refused",
            figures: ["candidateDevPassAt1": 0.48, "promotedDevPassAt1": 0.62], at: 1_796_278_063)
        let bytes = try WireCodec.encode(original)
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""schema":"tao.promotion/1""#))
        #expect(try WireCodec.decode(PromotionRecord.self, from: bytes) == original)
    }
}
