import NIOCore
import NIOPosix

/// A bare TCP connection for the one thing curl cannot do in a test: hold a kept-alive connection open while the
/// test does something else. Requests are written as raw bytes; responses are read as raw bytes.
enum RawHTTPClient {
    static func connect(port: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }
}
