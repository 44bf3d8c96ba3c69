@testable import Llama
import Testing

@Suite struct DecodeTeamTests {
    /// Many short phases back to back (each piece a few microseconds, like a decoding step's): every piece of every
    /// phase runs exactly once, on a participant in range, and a phase is complete when `parallel` returns.
    @Test func everyPieceOfEveryPhaseRunsExactlyOnce() {
        let phases = 500, pieces = 5
        let runs = UnsafeMutablePointer<Int>.allocate(capacity: phases * pieces)
        runs.initialize(repeating: 0, count: phases * pieces)
        defer { runs.deallocate() }
        var incompleteOnReturn = 0
        nonisolated(unsafe) var badParticipants = 0
        DecodeTeam.run { team in
            let size = team.size
            for phase in 0..<phases {
                let row = runs + phase * pieces
                team.parallel(pieces) { piece, participant in
                    var x = Double(piece)
                    for _ in 0..<2_000 { x = x * 0.999 + 1 }  // a few microseconds of work
                    row[piece] += x > 0 ? 1 : 2
                    if participant < 0 || participant >= size { badParticipants += 1 }
                }
                if (0..<pieces).contains(where: { row[$0] != 1 }) { incompleteOnReturn += 1 }
            }
        }
        #expect(incompleteOnReturn == 0)
        #expect(badParticipants == 0)
        #expect((0..<(phases * pieces)).allSatisfy { runs[$0] == 1 })
    }
}
