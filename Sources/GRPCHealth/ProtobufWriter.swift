/// Writes the protobuf wire format for the two health messages: tags, varints and strings.
///
/// Proto3 leaves fields at their default value (empty string, enum 0) off the wire; the messages
/// decide that, so the writer writes whatever it is given.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func writeTag(field: Int, wireType: ProtobufReader.WireType) {
        writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    /// An `int32` or enum field: negative values are sign-extended to 10 bytes, as the spec requires.
    mutating func writeInt32(field: Int, _ value: Int32) {
        writeTag(field: field, wireType: .varint)
        writeVarint(UInt64(bitPattern: Int64(value)))
    }

    mutating func writeString(field: Int, _ value: String) {
        writeTag(field: field, wireType: .lengthDelimited)
        writeVarint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }
}
