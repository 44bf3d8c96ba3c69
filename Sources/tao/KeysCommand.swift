import ArgumentParser
import Fleet
import Foundation

/// `tao keys generate`: an Ed25519 key pair for signed policy announcements (docs/reliability.md, "Signed weights").
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Signing keys for policy announcements.", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 key pair: <out>.key (private, mode 0600) and <out>.pub (public).",
            discussion: """
                The coordinator signs with the private key (security.signing-key); generators, trainers and tao serve \
                trust the public one (security.trusted-keys). Both files hold the base64 raw key. To rotate: add the new \
                .pub to every stage's trusted keys, switch the coordinator to the new .key, then drop the old .pub.
                """)

        @Option(help: "Path prefix of the two files.") var out: String

        func run() async throws {
            let (privateKey, publicKey) = PolicySigner.generate()
            let manager = FileManager.default
            let keyPath = out + ".key", publicPath = out + ".pub"
            for path in [keyPath, publicPath] where manager.fileExists(atPath: path) {
                throw ValidationError("\(path) exists; choose another --out or remove it (a key is never overwritten)")
            }
            guard manager.createFile(atPath: keyPath, contents: Data((privateKey + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ValidationError("cannot write \(keyPath)")
            }
            try (publicKey + "\n").write(toFile: publicPath, atomically: true, encoding: .utf8)
            print("tao keys: wrote \(keyPath) (private, 0600) and \(publicPath) (key id \(try PolicySigner.load(keyPath).keyID))")
        }
    }
}
