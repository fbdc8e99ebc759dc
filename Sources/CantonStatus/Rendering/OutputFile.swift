/// One file of the built site, in memory. Renderers return these; only `SiteWriter` touches disk.
public struct OutputFile: Sendable, Equatable {
    /// Site-relative path with `/` separators, e.g. `mainnet/api/v2/summary.json`.
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
