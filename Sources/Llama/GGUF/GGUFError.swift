/// A GGUF file that cannot be read, or asks for something this engine does not implement: names the file, the
/// tensor or metadata key involved, what is wrong and what to do.
public struct GGUFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Equatable, Sendable {
        /// The file could not be opened or mapped (`reason` from the OS).
        case unreadable(reason: String)
        /// The first four bytes are not `GGUF`.
        case badMagic(found: [UInt8])
        /// A format version other than 3 (`found`).
        case unsupportedVersion(found: UInt32)
        /// A read of `wanted` bytes at `offset` would pass the end of the `fileSize`-byte file.
        case truncated(offset: Int, wanted: Int, fileSize: Int)
        /// A count or length larger than the rest of the file could hold (a corrupt or hostile header).
        case absurdCount(what: String, count: UInt64)
        /// A metadata value type id the format does not define.
        case unknownValueType(UInt32)
        /// A metadata key that appears twice.
        case duplicateKey(String)
        /// A metadata value of the wrong type, or out of range (`reason` says which).
        case badMetadata(key: String, reason: String)
        /// A required metadata key is absent.
        case missingKey(String)
        /// A tensor info is malformed: bad rank, zero or huge dims, repeated name (`reason` says which).
        case badTensorInfo(reason: String)
        /// The tensor's data starts at an offset that is not a multiple of `general.alignment`.
        case misalignedTensor(offset: UInt64, alignment: Int)
        /// The tensor's data reaches past the end of the file.
        case tensorDataPastEnd(end: UInt64, fileSize: Int)
        /// The tensor's data overlaps that of tensor `other`.
        case overlapping(other: String)
        /// A ggml tensor type this reader does not dequantize (`name` is ggml's, e.g. `Q5_K`).
        case unsupportedTensorType(id: UInt32, name: String)
        /// The row length is not a multiple of the type's block size.
        case rowNotBlockAligned(rowLength: Int, blockSize: Int)
        /// No tensor of that name.
        case tensorNotFound
        /// The destination buffer has a different element count than the tensor.
        case destinationSize(expected: Int, actual: Int)
        /// A model this engine cannot run: architecture, tokenizer or option (`what` = `value`).
        case unsupported(what: String, value: String, hint: String)
        /// The tensors and metadata disagree (`reason` says how).
        case inconsistent(reason: String)
    }

    /// Path of the file concerned.
    public var file: String
    /// The tensor or metadata key concerned, if any.
    public var subject: String?
    public var problem: Problem

    public init(file: String, subject: String? = nil, problem: Problem) {
        self.file = file
        self.subject = subject
        self.problem = problem
    }

    public var description: String {
        let prefix = subject.map { "\(file): '\($0)'" } ?? file
        return "\(prefix): \(explanation)"
    }

    private static let corrupt = "the file is truncated or corrupt — download it again"

    private var explanation: String {
        switch problem {
        case .unreadable(let reason): "cannot read the file (\(reason))"
        case .badMagic(let found):
            "starts with bytes \(found) instead of \"GGUF\" — is this a GGUF file? (a Hugging Face model is a directory)"
        case .unsupportedVersion(let found):
            "GGUF version \(found); only version 3 is read — re-convert the model with a current llama.cpp"
        case .truncated(let offset, let wanted, let size):
            "reading \(wanted) bytes at offset \(offset) passes the end of the \(size)-byte file; \(Self.corrupt)"
        case .absurdCount(let what, let count):
            "\(what) \(count) is more than the rest of the file can hold; \(Self.corrupt)"
        case .unknownValueType(let type): "unknown metadata value type \(type); \(Self.corrupt)"
        case .duplicateKey(let key): "metadata key '\(key)' appears twice; \(Self.corrupt)"
        case .badMetadata(let key, let reason): "metadata '\(key)': \(reason)"
        case .missingKey(let key):
            "required metadata key '\(key)' is missing — the file was not written by a llama.cpp converter for this "
                + "architecture"
        case .badTensorInfo(let reason): "bad tensor info: \(reason); \(Self.corrupt)"
        case .misalignedTensor(let offset, let alignment):
            "data offset \(offset) is not a multiple of general.alignment \(alignment); \(Self.corrupt)"
        case .tensorDataPastEnd(let end, let size):
            "data ends at byte \(end), past the end of the \(size)-byte file; \(Self.corrupt)"
        case .overlapping(let other): "data overlaps the data of tensor '\(other)'; \(Self.corrupt)"
        case .unsupportedTensorType(let id, let name):
            "tensor type \(name) (ggml type \(id)) is not supported; this reader dequantizes F32, F16, BF16, Q8_0, "
                + "Q4_0 and Q4_1 — use a GGUF quantized to one of those (e.g. Q8_0 or Q4_1)"
        case .rowNotBlockAligned(let row, let block):
            "row length \(row) is not a multiple of the type's block size \(block); \(Self.corrupt)"
        case .tensorNotFound: "no such tensor in the file"
        case .destinationSize(let expected, let actual):
            "the tensor has \(expected) elements but the destination buffer holds \(actual)"
        case .unsupported(let what, let value, let hint): "\(what) \(value) is not supported; \(hint)"
        case .inconsistent(let reason): "\(reason)"
        }
    }
}
