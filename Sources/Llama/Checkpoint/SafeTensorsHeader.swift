import Foundation

/// Where one tensor lives in a `.safetensors` file and what it holds.
public struct SafeTensorInfo: Equatable, Sendable {
    public var name: String
    public var dtype: SafeTensorsDType
    /// Row-major dimensions; `[]` is a scalar.
    public var shape: [Int]
    /// Byte range relative to the start of the data section (just after the header).
    public var dataRange: Range<Int>

    /// Product of `shape` (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// Parses and validates the header of a `.safetensors` file:
/// `[u64 little-endian header length N][N bytes of JSON][data section]`.
enum SafeTensorsHeader {
    /// Largest header accepted, as in the reference implementation.
    static let maxHeaderLength: UInt64 = 100_000_000

    /// Returns the tensors by name, the metadata, and the offset of the data section in `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws(SafeTensorsError)
        -> (tensors: [String: SafeTensorInfo], metadata: [String: String], dataStart: Int)
    {
        func fail(_ tensor: String?, _ problem: SafeTensorsError.Problem) -> SafeTensorsError {
            SafeTensorsError(file: file, tensor: tensor, problem: problem)
        }
        guard bytes.count >= 8 else { throw fail(nil, .fileTooSmall(size: bytes.count)) }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(bytes.count - 8), headerLength <= maxHeaderLength else {
            throw fail(nil, .headerLengthBeyondFile(headerLength: headerLength, fileSize: bytes.count))
        }
        let dataStart = 8 + Int(headerLength)
        let json = Data(bytes[8..<dataStart])
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw fail(nil, .headerNotJSON(reason: "invalid JSON in \(headerLength) header bytes"))
        }
        guard let entries = object as? [String: Any] else {
            throw fail(nil, .headerNotJSON(reason: "top level is not an object"))
        }
        var metadata: [String: String] = [:]
        var tensors: [String: SafeTensorInfo] = [:]
        let dataSize = bytes.count - dataStart
        for (name, value) in entries {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else {
                    throw fail(nil, .malformedEntry(reason: "__metadata__ must map strings to strings"))
                }
                metadata = m
                continue
            }
            tensors[name] = try entry(name, value, dataSize: dataSize, fail: fail)
        }
        try checkCoverage(tensors, dataSize: dataSize, fail: fail)
        return (tensors, metadata, dataStart)
    }

    private static func entry(
        _ name: String, _ value: Any, dataSize: Int,
        fail: (String?, SafeTensorsError.Problem) -> SafeTensorsError
    ) throws(SafeTensorsError) -> SafeTensorInfo {
        guard let fields = value as? [String: Any] else {
            throw fail(name, .malformedEntry(reason: "entry is not an object"))
        }
        guard let dtypeName = fields["dtype"] as? String else {
            throw fail(name, .malformedEntry(reason: "missing or non-string 'dtype'"))
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else { throw fail(name, .unknownDType(dtypeName)) }
        guard let shape = fields["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }) else {
            throw fail(name, .malformedEntry(reason: "'shape' must be an array of non-negative integers"))
        }
        guard let offsets = fields["data_offsets"] as? [Int], offsets.count == 2,
            offsets[0] >= 0, offsets[0] <= offsets[1]
        else {
            throw fail(name, .malformedEntry(reason: "'data_offsets' must be [begin, end] with 0 <= begin <= end"))
        }
        let (begin, end) = (offsets[0], offsets[1])
        var expected = dtype.byteSize
        for dimension in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail(name, .malformedEntry(reason: "shape \(shape) overflows")) }
            expected = product
        }
        guard end <= dataSize else {
            throw fail(name, .offsetsOutOfRange(begin: begin, end: end, dataSize: dataSize))
        }
        guard expected == end - begin else {
            throw fail(name, .sizeMismatch(expectedBytes: expected, actualBytes: end - begin))
        }
        return SafeTensorInfo(name: name, dtype: dtype, shape: shape, dataRange: begin..<end)
    }

    /// The format requires the tensors to tile the data section exactly: no overlaps, no holes, no trailing bytes.
    private static func checkCoverage(
        _ tensors: [String: SafeTensorInfo], dataSize: Int,
        fail: (String?, SafeTensorsError.Problem) -> SafeTensorsError
    ) throws(SafeTensorsError) {
        let ordered = tensors.values.sorted {
            ($0.dataRange.lowerBound, $0.dataRange.upperBound, $0.name)
                < ($1.dataRange.lowerBound, $1.dataRange.upperBound, $1.name)
        }
        var covered = 0
        var previous: SafeTensorInfo?
        for info in ordered {
            if info.dataRange.lowerBound < covered, let previous {
                throw fail(info.name, .overlapping(other: previous.name))
            }
            if info.dataRange.lowerBound > covered {
                throw fail(info.name, .uncoveredBytes(begin: covered, end: info.dataRange.lowerBound))
            }
            covered = max(covered, info.dataRange.upperBound)
            previous = info
        }
        guard covered == dataSize else { throw fail(nil, .uncoveredBytes(begin: covered, end: dataSize)) }
    }
}
