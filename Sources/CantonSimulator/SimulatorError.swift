/// The simulator could not start: bad options, or a server that would not bind.
public struct SimulatorError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
