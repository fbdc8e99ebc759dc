import GRPCCore
@testable import GRPCHealth
import Testing

/// The hand-written protobuf codec of the two grpc.health.v1 messages, checked against bytes that
/// follow from the protobuf encoding spec (and that grpcio sends, see GRPCHealthClientTests).
@Suite struct HealthMessageCodecTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var status: HealthCheckResponseMessage.ServingStatus
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "UNKNOWN is the empty message (proto3 default)", bytes: [], status: .unknown),
        Case(name: "SERVING", bytes: [0x08, 0x01], status: .serving),
        Case(name: "NOT_SERVING", bytes: [0x08, 0x02], status: .notServing),
        Case(name: "SERVICE_UNKNOWN", bytes: [0x08, 0x03], status: .serviceUnknown),
        Case(name: "a number beyond the enum stays open", bytes: [0x08, 0x96, 0x01], status: .init(rawValue: 150)),
        Case(name: "negative int32 takes ten bytes",
             bytes: [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], status: .init(rawValue: -1)),
    ])
    func responseEncodesAndDecodes(_ example: Case) throws {
        let message = HealthCheckResponseMessage(status: example.status)
        #expect(message.serializedBytes() == example.bytes)
        #expect(try HealthCheckResponseMessage(serializedBytes: example.bytes) == message)
    }

    @Test func requestEncodesServiceAsLengthDelimitedField1() throws {
        let bytes = HealthCheckRequestMessage(service: "broken").serializedBytes()
        #expect(bytes == [0x0A, 0x06] + Array("broken".utf8))
        #expect(try HealthCheckRequestMessage(serializedBytes: bytes).service == "broken")
        #expect(HealthCheckRequestMessage(service: "").serializedBytes() == [])
        #expect(try HealthCheckRequestMessage(serializedBytes: []).service == "")
    }

    @Test func requestLengthOver127TakesATwoByteVarint() throws {
        let service = String(repeating: "s", count: 300)
        let bytes = HealthCheckRequestMessage(service: service).serializedBytes()
        #expect(Array(bytes.prefix(3)) == [0x0A, 0xAC, 0x02])  // 300 = 0b10_0101100
        #expect(bytes.count == 303)
        #expect(try HealthCheckRequestMessage(serializedBytes: bytes).service == service)
    }

    @Test func nonASCIIServiceNamesRoundTrip() throws {
        let service = "santé.v1.Ωmega"
        let bytes = HealthCheckRequestMessage(service: service).serializedBytes()
        #expect(bytes[1] == UInt8(service.utf8.count))
        #expect(try HealthCheckRequestMessage(serializedBytes: bytes).service == service)
    }

    /// Fields a newer health.proto might add, of every proto3 wire type, before and after status.
    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        let unknown: [UInt8] = [
            0x10, 0xAC, 0x02,  // field 2, varint 300
            0x19, 1, 2, 3, 4, 5, 6, 7, 8,  // field 3, fixed64
            0x22, 0x03, 0x61, 0x62, 0x63,  // field 4, length-delimited "abc"
            0x2D, 1, 2, 3, 4,  // field 5, fixed32
            0xF8, 0xFF, 0xFF, 0xFF, 0x0F, 0x00,  // field 536870911 (the largest), varint 0
        ]
        #expect(try HealthCheckResponseMessage(serializedBytes: unknown + [0x08, 0x01]).status == .serving)
        #expect(try HealthCheckResponseMessage(serializedBytes: [0x08, 0x02] + unknown).status == .notServing)
        #expect(try HealthCheckResponseMessage(serializedBytes: unknown).status == .unknown)
        #expect(try HealthCheckRequestMessage(serializedBytes: unknown + [0x0A, 0x01, 0x78]).service == "x")
    }

    @Test func field1WithAnotherWireTypeIsSkippedAsUnknown() throws {
        // status sent as length-delimited, service as a varint: both treated as unknown fields.
        #expect(try HealthCheckResponseMessage(serializedBytes: [0x0A, 0x01, 0x01]).status == .unknown)
        #expect(try HealthCheckRequestMessage(serializedBytes: [0x08, 0x01]).service == "")
    }

    @Test func theLastOccurrenceOfAFieldWins() throws {
        #expect(try HealthCheckResponseMessage(serializedBytes: [0x08, 0x01, 0x08, 0x02]).status == .notServing)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var error: ProtobufDecodingError
        var testDescription: String { name }
    }

    @Test(arguments: [
        BadCase(name: "tag without value", bytes: [0x08], error: .truncated),
        BadCase(name: "varint cut off", bytes: [0x08, 0x96], error: .truncated),
        BadCase(name: "tag varint cut off", bytes: [0x80], error: .truncated),
        BadCase(name: "fixed64 cut off", bytes: [0x19, 1, 2, 3], error: .truncated),
        BadCase(name: "fixed32 cut off", bytes: [0x2D, 1, 2, 3], error: .truncated),
        BadCase(name: "length beyond the end", bytes: [0x22, 0x05, 0x61], error: .truncated),
        BadCase(name: "length near 2^64", bytes: [0x22, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
                error: .truncated),
        BadCase(name: "varint of eleven bytes", bytes: [0x08] + Array(repeating: 0xFF, count: 10) + [0x01],
                error: .malformedVarint),
        BadCase(name: "field number 0", bytes: [0x00, 0x01], error: .invalidTag),
        BadCase(name: "tag beyond 32 bits", bytes: [0x80, 0x80, 0x80, 0x80, 0x10, 0x00], error: .invalidTag),
        BadCase(name: "start group", bytes: [0x0B], error: .unsupportedWireType(3)),
        BadCase(name: "end group", bytes: [0x0C], error: .unsupportedWireType(4)),
        BadCase(name: "wire type 6", bytes: [0x0E], error: .unsupportedWireType(6)),
        BadCase(name: "wire type 7", bytes: [0x0F], error: .unsupportedWireType(7)),
    ])
    func malformedResponsesAreRejected(_ example: BadCase) {
        #expect(throws: example.error) { try HealthCheckResponseMessage(serializedBytes: example.bytes) }
    }

    @Test func truncatedServiceNameIsRejected() {
        #expect(throws: ProtobufDecodingError.truncated) {
            try HealthCheckRequestMessage(serializedBytes: [0x0A, 0x06, 0x62, 0x72])
        }
    }

    @Test func serviceNameThatIsNotUTF8IsRejected() {
        #expect(throws: ProtobufDecodingError.invalidUTF8) {
            try HealthCheckRequestMessage(serializedBytes: [0x0A, 0x02, 0xC3, 0x28])
        }
    }

    @Test func deserializerEnforcesItsCapAndReportsMalformedBytesAsRPCErrors() throws {
        let capped = HealthMessageDeserializer<HealthCheckResponseMessage>(maximumBytes: 2)
        #expect(try capped.deserialize([UInt8]([0x08, 0x01])).status == .serving)
        #expect(throws: HealthMessageTooLarge(limit: 2, size: 3)) { try capped.deserialize([UInt8]([0x08, 0x96, 0x01])) }
        let error = #expect(throws: RPCError.self) { try capped.deserialize([UInt8]([0x08])) }
        #expect(error?.code == .internalError)
        #expect(error?.cause as? ProtobufDecodingError == .truncated)
    }

    @Test func serializerWritesTheMessageBytes() throws {
        let bytes: [UInt8] = try HealthMessageSerializer().serialize(HealthCheckResponseMessage(status: .serving))
        #expect(bytes == [0x08, 0x01])
    }

    @Test func checkMethodIsTheStandardOne() {
        #expect(MethodDescriptor.healthCheck.fullyQualifiedMethod == "grpc.health.v1.Health/Check")
    }
}
