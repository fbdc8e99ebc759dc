/// `grpc.health.v1.HealthCheckResponse { ServingStatus status = 1; }`.
public struct HealthCheckResponseMessage: HealthWireMessage, Hashable {
    /// `HealthCheckResponse.ServingStatus`, kept open as proto3 enums are: a number this code does
    /// not name still decodes, and the caller decides what it means.
    public struct ServingStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: Int32

        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        public static let unknown = Self(rawValue: 0)
        public static let serving = Self(rawValue: 1)
        public static let notServing = Self(rawValue: 2)
        /// Sent by `Watch` for a service the server does not know.
        public static let serviceUnknown = Self(rawValue: 3)

        /// The enum value's name in the proto file, or its number.
        public var description: String {
            switch rawValue {
            case 0: "UNKNOWN"
            case 1: "SERVING"
            case 2: "NOT_SERVING"
            case 3: "SERVICE_UNKNOWN"
            default: String(rawValue)
            }
        }
    }

    /// `.unknown` when the field is absent, the proto3 default.
    public var status: ServingStatus

    public init(status: ServingStatus) {
        self.status = status
    }

    public init(serializedBytes: [UInt8]) throws(ProtobufDecodingError) {
        var reader = ProtobufReader(serializedBytes)
        var status = ServingStatus.unknown
        while !reader.isAtEnd {
            let (field, wireType) = try reader.readTag()
            guard field == 1, wireType == .varint else {
                try reader.skip(wireType)
                continue
            }
            // An enum is an int32 on the wire; the upper bits of a longer varint are dropped.
            status = ServingStatus(rawValue: Int32(truncatingIfNeeded: try reader.readVarint()))
        }
        self.status = status
    }

    public func serializedBytes() -> [UInt8] {
        var writer = ProtobufWriter()
        if status != .unknown { writer.writeInt32(field: 1, status.rawValue) }
        return writer.bytes
    }
}
