import Foundation
import Llama
import Testing

@Suite("SafeTensors dtype conversion")
struct SafeTensorsDTypeTests {
    /// F16 bit patterns and their values, from the IEEE 754 binary16 definition.
    static let f16: [(UInt16, Float)] = [
        (0x0000, 0), (0x8000, -0.0), (0x3C00, 1), (0xC000, -2), (0x3555, 0.333251953125), (0x7BFF, 65504),
        (0x0001, 5.960464477539063e-8), (0x03FF, 6.097555160522461e-5), (0x0400, 6.103515625e-5),
        (0x7C00, .infinity), (0xFC00, -.infinity),
    ]
    /// BF16 bit patterns: the top half of a binary32.
    static let bf16: [(UInt16, Float)] = [
        (0x3F80, 1), (0xC049, -3.140625), (0x0001, Float(bitPattern: 0x0001_0000)), (0x7F80, .infinity),
        (0x4780, 65536), (0x8000, -0.0),
    ]

    func file(_ dtype: String, _ halves: [UInt16]) throws -> SafeTensorsFile {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        let url = dir.appendingPathComponent("h.safetensors")
        let header = #"{"t":{"dtype":"\#(dtype)","shape":[\#(halves.count)],"data_offsets":[0,\#(2 * halves.count)]}}"#
        return try SafeTensorsFile(
            contentsOf: FormatsFixtures.writeRaw(url, header: header, data: FormatsFixtures.bytes(halves)))
    }

    @Test func f16DecodesExactly() throws {
        let values = try file("F16", Self.f16.map(\.0) + [0x7E00]).floats("t")
        #expect(values.dropLast().map(\.bitPattern) == Self.f16.map(\.1.bitPattern))
        #expect(values.last!.isNaN)
    }

    @Test func bf16DecodesExactly() throws {
        let values = try file("BF16", Self.bf16.map(\.0)).floats("t")
        #expect(values.map(\.bitPattern) == Self.bf16.map(\.1.bitPattern))
    }

    /// `dtypes.safetensors` was written by the Python `safetensors` package (scripts/fixtures/make_tokenizer_fixture.py).
    @Test func pythonWrittenFileMatchesItsValues() throws {
        let dir = FormatsFixtures.tokenizerDirectory
        let file = try SafeTensorsFile(contentsOf: dir.appendingPathComponent("dtypes.safetensors"))
        let expected =
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("dtypes.json")))
            as! [String: [String: Any]]
        #expect(file.tensorNames == ["half", "int32", "int64", "single"])
        for name in ["half", "single"] {
            #expect(try file.info(name).shape == expected[name]!["shape"] as! [Int])
            let values = (expected[name]!["values"] as! [Double]).map { Float($0) }
            #expect(try file.floats(name) == values)
        }
        #expect(try file.info("half").dtype == .f16)
        #expect(try file.ints("int32") == expected["int32"]!["values"] as! [Int])
        #expect(try file.ints("int64") == (expected["int64"]!["values"] as! [String]).map { Int($0)! })
        #expect(try file.info("int64").shape == [2, 3])
    }
}
