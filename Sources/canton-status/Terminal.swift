import Foundation

/// Standard output and error, and whether they are an interactive terminal (for colour and progress).
struct Terminal {
    let handle: FileHandle
    let descriptor: Int32

    static let standardOutput = Terminal(handle: .standardOutput, descriptor: STDOUT_FILENO)
    static let standardError = Terminal(handle: .standardError, descriptor: STDERR_FILENO)

    /// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
    var supportsColour: Bool {
        isatty(descriptor) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// A person is watching: progress is worth drawing.
    var isInteractive: Bool { isatty(descriptor) == 1 && ProcessInfo.processInfo.environment["CI"] == nil }

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}
