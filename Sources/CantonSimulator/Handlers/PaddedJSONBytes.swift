internal import FlyingSocks

/// `{"sv_user":"xxx…x"}`, exactly `count` bytes, made chunk by chunk as the socket drains.
///
/// Backs `huge-body`: FlyingFox pulls one chunk, writes it, then pulls the next, so the
/// simulator holds one chunk at a time however large the body is. The body is valid JSON, so a
/// client without a size cap fails on size, not on syntax.
struct PaddedJSONBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let count: Int

    func makeAsyncIterator() -> Iterator { Iterator(count: count) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        private static let head = Array(#"{"sv_user":""#.utf8)
        private static let tail = Array(#""}"#.utf8)
        let count: Int
        private var offset = 0

        init(count: Int) { self.count = Swift.max(count, Self.head.count + Self.tail.count) }

        mutating func next() async -> UInt8? {
            await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested size: Int) async -> [UInt8]? {
            guard offset < count else { return nil }
            let end = Swift.min(offset + Swift.max(size, 1), count)
            var chunk = [UInt8](repeating: UInt8(ascii: "x"), count: end - offset)
            // Ranges are built only when non-empty: a Range with lower > upper traps.
            if offset < Self.head.count {
                for position in offset..<Swift.min(end, Self.head.count) {
                    chunk[position - offset] = Self.head[position]
                }
            }
            let tailStart = count - Self.tail.count
            if end > tailStart {
                for position in Swift.max(offset, tailStart)..<end {
                    chunk[position - offset] = Self.tail[position - tailStart]
                }
            }
            offset = end
            return chunk
        }
    }
}
