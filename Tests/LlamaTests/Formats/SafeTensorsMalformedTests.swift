import Foundation
import Llama
import Testing

/// Every damaged file must give a `SafeTensorsError` naming the file, the tensor and the problem — never a crash.
@Suite("SafeTensors malformed files")
struct SafeTensorsMalformedTests {
    static let goodHeader = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    static let goodData: [UInt8] = [0, 0, 128, 63, 0, 0, 0, 64]  // 1.0, 2.0

    func open(
        header: String = goodHeader, data: [UInt8] = goodData, headerLength: UInt64? = nil, truncateTo: Int? = nil
    ) throws -> SafeTensorsError? {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        let url = dir.appendingPathComponent("bad.safetensors")
        _ = try FormatsFixtures.writeRaw(
            url, header: header, data: data, headerLength: headerLength, truncateTo: truncateTo)
        do {
            _ = try SafeTensorsFile(contentsOf: url)
            return nil
        } catch let error as SafeTensorsError {
            #expect(error.file == url.path)
            #expect(error.description.contains("bad.safetensors"))
            return error
        }
    }

    @Test func wellFormedControlOpens() throws {
        #expect(try open() == nil)
    }

    @Test func emptyAndTinyFiles() throws {
        #expect(try open(header: "", data: [], truncateTo: 0)?.problem == .fileTooSmall(size: 0))
        #expect(try open(header: "", data: [], truncateTo: 5)?.problem == .fileTooSmall(size: 5))
    }

    @Test func headerLengthBeyondFile() throws {
        let error = try open(headerLength: 1 << 40)
        #expect(
            error?.problem
                == .headerLengthBeyondFile(headerLength: 1 << 40, fileSize: 8 + Self.goodHeader.utf8.count + 8))
    }

    @Test func truncatedData() throws {
        let error = try open(truncateTo: 8 + Self.goodHeader.utf8.count + 5)
        #expect(error?.tensor == "w")
        #expect(error?.problem == .offsetsOutOfRange(begin: 0, end: 8, dataSize: 5))
        #expect(error?.description.contains("truncated") == true)
    }

    @Test func headerNotJSON() throws {
        #expect(
            try open(header: "{not json", data: [])?.problem == .headerNotJSON(reason: "invalid JSON in 9 header bytes")
        )
        #expect(try open(header: "[1,2]", data: [])?.problem == .headerNotJSON(reason: "top level is not an object"))
    }

    @Test func unknownDType() throws {
        let error = try open(header: #"{"w":{"dtype":"F12","shape":[2],"data_offsets":[0,8]}}"#)
        #expect(error?.tensor == "w")
        #expect(error?.problem == .unknownDType("F12"))
    }

    @Test func shapeAndOffsetsDisagree() throws {
        let error = try open(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#)
        #expect(error?.problem == .sizeMismatch(expectedBytes: 12, actualBytes: 8))
    }

    @Test func overlappingAndUncoveredRanges() throws {
        let overlap = try open(
            header: """
                {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}
                """)
        #expect(overlap?.tensor == "b")
        #expect(overlap?.problem == .overlapping(other: "a"))
        let hole = try open(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#)
        #expect(hole?.problem == .uncoveredBytes(begin: 0, end: 4))
        let trailing = try open(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#)
        #expect(trailing?.problem == .uncoveredBytes(begin: 4, end: 8))
    }

    @Test func malformedEntries() throws {
        let cases = [
            #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#,
            #"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#,
            #"{"w":{"dtype":"F32","data_offsets":[0,8]}}"#,
            #"{"w":{"shape":[2],"data_offsets":[0,8]}}"#,
            #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#,
            #"{"w":[1,2]}"#,
            #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#,
        ]
        for header in cases {
            let error = try open(header: header)
            guard case .malformedEntry = error?.problem else {
                Issue.record("expected malformedEntry for \(header), got \(String(describing: error))")
                continue
            }
            #expect(error?.tensor == "w")
        }
        let metadata = try open(
            header: #"{"__metadata__":{"format":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
        #expect(metadata?.problem == .malformedEntry(reason: "__metadata__ must map strings to strings"))
    }

    @Test func missingFile() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        let url = dir.appendingPathComponent("absent.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contentsOf: url) }
        guard case .unreadable = error?.problem else {
            Issue.record("expected unreadable, got \(String(describing: error))")
            return
        }
    }
}
