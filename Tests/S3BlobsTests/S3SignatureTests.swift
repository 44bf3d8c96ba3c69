import Foundation
import S3Blobs
import Testing

/// The SigV4 signer against botocore's (AWS's own SDK), computed live by a script kept in Fixtures.
struct S3SignatureTests {
    @Test(arguments: [
        ("GET", "/tao-blobs/run1/abc.zst", [(String, String)](), ""),
        ("PUT", "/tao-blobs/run1/a b+c.zst", [("partNumber", "2"), ("uploadId", "x/y=z")], "part bytes"),
        ("POST", "/tao-blobs/run1/k", [("uploads", "")], ""),
    ])
    func signaturesMatchBotocore(method: String, path: String, query: [(String, String)], body: String) throws {
        let credentials = S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let date = Date(timeIntervalSince1970: 1_796_300_000)
        let signed = SigV4(credentials: credentials, region: "eu-west-1").sign(
            method: method, host: "127.0.0.1:9000", path: path, query: query, headers: [:],
            payloadSHA256: SigV4.payloadHash(Array(body.utf8)), date: date)
        let encodedQuery = query.map { "\(percent($0.0))=\(percent($0.1))" }.joined(separator: "&")
        let spec: [String: Any] = [
            "method": method, "url": "http://127.0.0.1:9000\(percent(path, keepSlash: true))" + (query.isEmpty ? "" : "?\(encodedQuery)"),
            "headers": [String: String](), "body": body, "access_key": credentials.accessKeyID,
            "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "region": "eu-west-1",
            "timestamp": signed["x-amz-date"]!,
        ]
        let reference = try botocore(spec)
        #expect(signed["authorization"] == reference)
    }

    @Test func credentialsNeverShowTheirSecret() throws {
        let credentials = try S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s3cr3t"])
        #expect(!"\(credentials)".contains("s3cr3t") && !String(reflecting: credentials).contains("s3cr3t"))
        #expect(throws: S3Error.self) { try S3Credentials.fromEnvironment([:]) }
    }

    @Test func locationsParseAndBadOnesSayWhatIsWrong() throws {
        let location = try S3Location(parsing: "s3://tao-blobs/run1?endpoint=http://minio:9000&region=eu-west-1")
        #expect(location.bucket == "tao-blobs" && location.prefix == "run1" && location.addressing == .path)
        #expect(location.endpoint.absoluteString == "http://minio:9000" && location.region == "eu-west-1")
        let aws = try S3Location(parsing: "s3://tao-blobs")
        #expect(aws.addressing == .virtual && aws.endpoint.absoluteString == "https://s3.us-east-1.amazonaws.com")
        for (bad, says) in [("s3://", "s3://BUCKET"), ("s3://B/x", "lowercase"), ("s3://tao-blobs?colour=red", "colour"),
                            ("s3://tao-blobs?addressing=sideways", "sideways"), ("s3://tao-blobs?endpoint=ftp://x", "http://")] {
            #expect { try S3Location(parsing: bad) } throws: { "\($0)".contains(says) }
        }
    }

    func percent(_ text: String, keepSlash: Bool = false) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
        if keepSlash { allowed.insert("/") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    func botocore(_ spec: [String: Any]) throws -> String {
        let process = Process()
        let input = Pipe(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ObjectStoreServer.fixtures.appendingPathComponent("sigv4_reference.py").path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: spec))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
