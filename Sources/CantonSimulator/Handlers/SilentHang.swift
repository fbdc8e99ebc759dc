internal import FlyingFox

/// Holds a request open without ever writing a byte, then closes the connection.
///
/// FlyingFox writes a response's status line before streaming its body, so a slow body would
/// still "answer". A `.webSocket` payload, though, gets the connection *before* anything is
/// written (`HTTPConnection.switchToWebSocket`): this handler waits there and then throws, and
/// the server closes the socket silently. It runs outside the handler timeout, and
/// `HTTPServer.stop()` cancels the wait.
struct SilentHang: WSHandler {
    var seconds: Int

    struct GaveUp: Error {}

    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        try await Task.sleep(for: .seconds(seconds))
        throw GaveUp()
    }
}
