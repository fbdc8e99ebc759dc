public import GRPCCore

/// GRPCCore's serializer for a health message: its hand-written protobuf bytes.
public struct HealthMessageSerializer<Message: HealthWireMessage>: MessageSerializer {
    public init() {}

    public func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
        Bytes(message.serializedBytes())
    }
}

/// GRPCCore's deserializer for a health message, with an optional size cap of its own.
///
/// The cap is checked here as well as in the transport because grpc-swift-nio-transport 2.9.2
/// limits inbound messages by `CallOptions.maxRequestMessageBytes`, not by
/// `maxResponseMessageBytes`; checking the decoded size here keeps the cap whatever the transport
/// does (a compressed message is measured after inflation).
public struct HealthMessageDeserializer<Message: HealthWireMessage>: MessageDeserializer {
    /// The most bytes accepted, or nil for no cap.
    public var maximumBytes: Int?

    public init(maximumBytes: Int? = nil) {
        self.maximumBytes = maximumBytes
    }

    public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        if let maximumBytes, serializedMessageBytes.count > maximumBytes {
            throw HealthMessageTooLarge(limit: maximumBytes, size: serializedMessageBytes.count)
        }
        let bytes = serializedMessageBytes.withUnsafeBytes { Array($0) }
        do {
            return try Message(serializedBytes: bytes)
        } catch {
            throw RPCError(code: .internalError, message: "malformed \(Message.self): \(error)", cause: error)
        }
    }
}

/// A message over ``HealthMessageDeserializer/maximumBytes``; GRPCCore reports it as
/// `RESOURCE_EXHAUSTED` with this error as the cause.
public struct HealthMessageTooLarge: Error, Hashable, RPCErrorConvertible {
    public var limit: Int
    public var size: Int

    public var rpcErrorCode: RPCError.Code { .resourceExhausted }
    public var rpcErrorMessage: String { "message of \(size) bytes exceeds the limit of \(limit) bytes" }
}
