/// A message of `grpc/health/v1/health.proto` in its protobuf wire form, encoded by hand so that
/// neither swift-protobuf nor generated code is needed for two one-field messages.
public protocol HealthWireMessage: Sendable {
    /// Decodes a whole message; unknown fields of any proto3 wire type are skipped.
    init(serializedBytes: [UInt8]) throws(ProtobufDecodingError)

    /// The message's bytes, with fields at their proto3 default left out.
    func serializedBytes() -> [UInt8]
}
