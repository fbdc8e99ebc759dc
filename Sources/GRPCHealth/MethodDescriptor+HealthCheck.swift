public import GRPCCore

extension MethodDescriptor {
    /// `grpc.health.v1.Health/Check`, the unary health check every gRPC server may offer
    /// (grpc/grpc `doc/health-checking.md`).
    public static let healthCheck = MethodDescriptor(
        fullyQualifiedService: "grpc.health.v1.Health", method: "Check", type: .unary)
}
