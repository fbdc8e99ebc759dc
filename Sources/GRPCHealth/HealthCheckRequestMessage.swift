/// `grpc.health.v1.HealthCheckRequest { string service = 1; }`.
public struct HealthCheckRequestMessage: HealthWireMessage, Hashable {
    /// The service asked about; `""` (the proto3 default, sent as an empty message) is the server
    /// as a whole.
    public var service: String

    public init(service: String = "") {
        self.service = service
    }

    public init(serializedBytes: [UInt8]) throws(ProtobufDecodingError) {
        var reader = ProtobufReader(serializedBytes)
        var service = ""
        while !reader.isAtEnd {
            let (field, wireType) = try reader.readTag()
            // A known field with another wire type counts as unknown, as protobuf's parsers treat it;
            // a repeated occurrence replaces the earlier one (last one wins).
            guard field == 1, wireType == .lengthDelimited else {
                try reader.skip(wireType)
                continue
            }
            guard let text = String(validating: try reader.readLengthDelimited(), as: UTF8.self) else {
                throw .invalidUTF8
            }
            service = text
        }
        self.service = service
    }

    public func serializedBytes() -> [UInt8] {
        var writer = ProtobufWriter()
        if !service.isEmpty { writer.writeString(field: 1, service) }
        return writer.bytes
    }
}
