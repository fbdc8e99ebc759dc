/// Reads the protobuf wire format (protobuf.dev, "Encoding"): varints, tags, and skipping of fields
/// a message does not know, so that a newer server's extra fields never break a check.
///
/// It never reads past the end: every length is compared with what remains before it is used, so
/// a hostile length prefix (say 2^63) fails as ``ProtobufDecodingError/truncated`` instead of trapping.
struct ProtobufReader {
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    private var remaining: Int { bytes.count - index }

    /// A base-128 varint, least significant group first. Bits past 64 (a 10th byte above 1) are
    /// dropped, as protobuf's own parsers do; an 11th byte is an error.
    mutating func readVarint() throws(ProtobufDecodingError) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: UInt64(0), to: 70, by: 7) {
            guard index < bytes.count else { throw .truncated }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
        }
        throw .malformedVarint
    }

    /// The next field's number and wire type.
    mutating func readTag() throws(ProtobufDecodingError) -> (field: Int, wireType: WireType) {
        let tag = try readVarint()
        guard tag <= UInt64(UInt32.max), tag >> 3 != 0 else { throw .invalidTag }
        let rawType = UInt8(tag & 7)
        guard let wireType = WireType(rawValue: rawType) else { throw .unsupportedWireType(rawType) }
        return (Int(tag >> 3), wireType)
    }

    /// The payload of a length-delimited field (after its tag).
    mutating func readLengthDelimited() throws(ProtobufDecodingError) -> ArraySlice<UInt8> {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw .truncated }
        let end = index + Int(length)
        defer { index = end }
        return bytes[index..<end]
    }

    /// Steps over a field's value (after its tag) of any wire type a proto3 message can carry.
    mutating func skip(_ wireType: WireType) throws(ProtobufDecodingError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: try advance(by: 8)
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed32: try advance(by: 4)
        }
    }

    private mutating func advance(by count: Int) throws(ProtobufDecodingError) {
        guard count <= remaining else { throw .truncated }
        index += count
    }
}
