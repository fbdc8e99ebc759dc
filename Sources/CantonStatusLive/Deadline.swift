internal import Model

/// The time a whole exchange may take, connect to last byte. AsyncHTTPClient's own deadline ends
/// when the response headers arrive, and an SMTP conversation has several round trips, so both
/// run inside this one budget.
struct Deadline {
    let limit: Interval

    /// Thrown when the budget runs out; `reason` is what a person reads ("timeout after 5 s").
    struct Exceeded: Error {
        var reason: String
    }

    /// Runs `body`, cancelling it when the limit passes first.
    func run<T: Sendable>(reason: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let limit = Duration.milliseconds(self.limit.milliseconds)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Exceeded(reason: reason) }
            return value
        }
    }
}
