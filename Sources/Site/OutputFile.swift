/// One file of the built site, in memory. Renderers return these; only `SiteWriter` touches disk.
///
/// A rendered page is kept as the `String` the renderer made rather than copied into a byte array:
/// ten thousand pages are tens of megabytes, and the writer reads the string's UTF-8 in place.
public struct OutputFile: Sendable, Equatable {
    /// Site-relative path with `/` separators, e.g. `mainnet/api/v2/summary.json`.
    public var path: String
    private var content: Content

    private enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
    }

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        content = .bytes(bytes)
    }

    public init(path: String, text: String) {
        self.path = path
        content = .text(text)
    }

    /// A new array on every read of a page kept as text; the writer uses `withBytes` instead.
    public var bytes: [UInt8] {
        switch content {
        case .text(let text): Array(text.utf8)
        case .bytes(let bytes): bytes
        }
    }

    public var text: String {
        switch content {
        case .text(let text): text
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }

    public var byteCount: Int {
        switch content {
        case .text(let text): text.utf8.count
        case .bytes(let bytes): bytes.count
        }
    }

    /// The file's bytes, without a copy when they are already contiguous.
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch content {
        case .text(var text): try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case .bytes(let bytes): try bytes.withUnsafeBytes(body)
        }
    }

    /// Same path and same bytes, however each side holds them.
    public static func == (lhs: OutputFile, rhs: OutputFile) -> Bool {
        lhs.path == rhs.path && lhs.withBytes { left in rhs.withBytes { right in left.elementsEqual(right) } }
    }
}
