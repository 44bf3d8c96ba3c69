/// A `.safetensors` file (or sharded checkpoint) that cannot be read as asked: says which file, which tensor
/// (when one is involved) and what is wrong.
public struct SafeTensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Equatable, Sendable {
        /// The file could not be opened or mapped (`reason` from the OS).
        case unreadable(reason: String)
        /// Fewer than the 8 bytes of the header-length prefix.
        case fileTooSmall(size: Int)
        /// The header-length prefix points past the end of the file (a truncated or non-safetensors file).
        case headerLengthBeyondFile(headerLength: UInt64, fileSize: Int)
        /// The header is not a JSON object (`reason` says why).
        case headerNotJSON(reason: String)
        /// A header entry lacks a field or has one of the wrong type.
        case malformedEntry(reason: String)
        /// A `dtype` string that the format does not define.
        case unknownDType(String)
        /// `data_offsets` reach past the data section (a truncated file or wrong offsets).
        case offsetsOutOfRange(begin: Int, end: Int, dataSize: Int)
        /// The byte span of `data_offsets` differs from shape × dtype size.
        case sizeMismatch(expectedBytes: Int, actualBytes: Int)
        /// The byte range overlaps the one of tensor `other`.
        case overlapping(other: String)
        /// Bytes of the data section belong to no tensor (the format requires full coverage).
        case uncoveredBytes(begin: Int, end: Int)
        /// No tensor of that name.
        case tensorNotFound
        /// The tensor's dtype cannot be read as requested (`wanted` is "float" or "integer").
        case wrongDType(SafeTensorsDType, wanted: String)
        /// The destination buffer has a different element count than the tensor.
        case destinationSize(expected: Int, actual: Int)
        /// A value does not fit the requested type (e.g. a U64 above `Int.max`).
        case valueOutOfRange
        /// A sharded checkpoint's index is malformed or disagrees with its shards.
        case badIndex(reason: String)
    }

    /// Path of the file concerned.
    public var file: String
    /// The tensor concerned, if any.
    public var tensor: String?
    public var problem: Problem

    public init(file: String, tensor: String? = nil, problem: Problem) {
        self.file = file
        self.tensor = tensor
        self.problem = problem
    }

    public var description: String {
        let subject = tensor.map { "\(file): tensor '\($0)'" } ?? file
        return "\(subject): \(explanation)"
    }

    private var explanation: String {
        switch problem {
        case .unreadable(let reason): "cannot read the file (\(reason))"
        case .fileTooSmall(let size):
            "only \(size) bytes; a safetensors file starts with an 8-byte header length — is this a safetensors file?"
        case .headerLengthBeyondFile(let length, let size):
            "header length \(length) exceeds the file size \(size) — the file is truncated or not safetensors"
        case .headerNotJSON(let reason): "the header is not a JSON object (\(reason))"
        case .malformedEntry(let reason): "malformed header entry: \(reason)"
        case .unknownDType(let dtype): "unknown dtype '\(dtype)'"
        case .offsetsOutOfRange(let begin, let end, let size):
            "data_offsets [\(begin), \(end)] reach past the \(size)-byte data section — "
                + "the file is truncated or corrupt"
        case .sizeMismatch(let expected, let actual):
            "shape × dtype size is \(expected) bytes but data_offsets span \(actual) bytes"
        case .overlapping(let other): "data overlaps the data of tensor '\(other)'"
        case .uncoveredBytes(let begin, let end): "data bytes [\(begin), \(end)) belong to no tensor"
        case .tensorNotFound: "no such tensor in the checkpoint"
        case .wrongDType(let dtype, let wanted): "dtype \(dtype.rawValue) cannot be read as \(wanted) values"
        case .destinationSize(let expected, let actual):
            "the tensor has \(expected) elements but the destination buffer holds \(actual)"
        case .valueOutOfRange: "a value does not fit in the requested type"
        case .badIndex(let reason): "bad sharded-checkpoint index: \(reason)"
        }
    }
}
