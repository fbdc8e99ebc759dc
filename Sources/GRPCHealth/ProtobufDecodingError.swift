/// Why bytes are not a valid protobuf message. Health messages are a few bytes, so every reason is
/// a plain case and the position is left out.
public enum ProtobufDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input ends inside a tag, a varint, a fixed-width value or a length-delimited field.
    case truncated
    /// A varint runs past 10 bytes, longer than any 64-bit value.
    case malformedVarint
    /// Field number 0, or a tag that does not fit 32 bits.
    case invalidTag
    /// Wire types 3 and 4 (proto2 groups, which no health message has) and the undefined 6 and 7.
    case unsupportedWireType(UInt8)
    /// A `string` field that is not UTF-8, which proto3 parsers reject.
    case invalidUTF8

    public var description: String {
        switch self {
        case .truncated: "truncated message"
        case .malformedVarint: "malformed varint"
        case .invalidTag: "invalid field tag"
        case .unsupportedWireType(let type): "unsupported wire type \(type)"
        case .invalidUTF8: "string field is not UTF-8"
        }
    }
}
