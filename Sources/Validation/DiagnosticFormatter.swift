internal import Foundation
internal import Model
internal import Content

/// Turns a validation report into text for people, JSON for tools, or GitHub workflow annotations.
///
/// Pure: it returns strings and decides nothing about terminals; the executable chooses the format
/// and whether colour is allowed.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, github
}

public struct DiagnosticFormatter: Sendable {
    public var colour: Bool

    public init(colour: Bool = false) {
        self.colour = colour
    }

    public func format(_ report: ValidationReport, as format: DiagnosticFormat) -> String {
        switch format {
        case .text: text(report)
        case .json: json(report)
        case .github: github(report)
        }
    }

    // MARK: Text

    /// `path:line:col: error: [rule] message`, the hint, the source line with a caret, then a summary.
    public func text(_ report: ValidationReport) -> String {
        var output = ""
        for diagnostic in report.diagnostics {
            output += text(diagnostic, source: diagnostic.location.flatMap { report.sources[$0.path] })
        }
        output += summary(report) + "\n"
        return output
    }

    func text(_ diagnostic: Diagnostic, source: SourceText?) -> String {
        let severity = diagnostic.severity
        let label = paint(severity.name + ":", severity == .error ? "1;31" : severity == .warning ? "1;33" : "1;36")
        var output = ""
        if let location = diagnostic.location { output += paint("\(location):", "1") + " " }
        output += "\(label) [\(diagnostic.rule)] \(diagnostic.message)\n"
        if let hint = diagnostic.hint { output += "  " + paint("hint:", "1;32") + " \(hint)\n" }
        if diagnostic.showsSource, let location = diagnostic.location, let line = source?.line(location.line) {
            output += excerpt(line: line, location: location)
        }
        for note in diagnostic.notes {
            output += "  " + paint("note:", "1;36") + " \(note.message)"
            if let location = note.location { output += " (\(location))" }
            output += "\n"
        }
        return output
    }

    private func excerpt(line: Substring, location: SourceLocation) -> String {
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let shown = line.unicodeScalars.count > 200 && location.column < 160
            ? String(String.UnicodeScalarView(line.unicodeScalars.prefix(200))) + "…" : String(line)
        var padding = ""
        for scalar in line.unicodeScalars.prefix(location.column - 1) {
            padding += scalar == "\t" ? "\t" : String(repeating: " ", count: Self.displayWidth(scalar))
        }
        return "   \(number) | \(shown)\n   \(gutter) | \(padding)\(paint("^", "1;32"))\n"
    }

    /// Terminal columns a scalar occupies: 0 for combining marks, 2 for wide East Asian text and emoji.
    static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        let wideRanges: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1FAFF, 0x20000...0x3FFFD,
        ]
        return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
    }

    /// `2 errors, 1 warning in 14 files`, or `no problems in 14 files`.
    public func summary(_ report: ValidationReport) -> String {
        let counts = Diagnostic.Severity.allCases.reversed().compactMap { severity -> String? in
            let count = report.count(severity)
            guard count > 0 else { return nil }
            return "\(count) \(severity.name)\(count == 1 ? "" : "s")"
        }
        let files = "\(report.fileCount) file\(report.fileCount == 1 ? "" : "s")"
        return counts.isEmpty ? "no problems in \(files)" : counts.joined(separator: ", ") + " in \(files)"
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    // MARK: JSON

    /// Schema version 1, documented in docs/validation.md. Fields are only ever added.
    struct JSONReport: Encodable {
        struct Summary: Encodable { var errors: Int, warnings: Int, notes: Int, files: Int }
        struct Entry: Encodable {
            var path: String?
            var line: Int?
            var column: Int?
            var severity: String
            var rule: String
            var message: String
            var hint: String?
            var notes: [NoteEntry]
        }
        struct NoteEntry: Encodable {
            var path: String?
            var line: Int?
            var column: Int?
            var message: String
        }
        var version: Int
        var summary: Summary
        var diagnostics: [Entry]
    }

    public func json(_ report: ValidationReport) -> String {
        let value = JSONReport(
            version: 1,
            summary: .init(errors: report.count(.error), warnings: report.count(.warning), notes: report.count(.note),
                           files: report.fileCount),
            diagnostics: report.diagnostics.map { diagnostic in
                JSONReport.Entry(
                    path: diagnostic.location?.path, line: diagnostic.location?.line, column: diagnostic.location?.column,
                    severity: diagnostic.severity.name, rule: diagnostic.rule.rawValue, message: diagnostic.message,
                    hint: diagnostic.hint,
                    notes: diagnostic.notes.map { .init(path: $0.location?.path, line: $0.location?.line, column: $0.location?.column, message: $0.message) })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: GitHub

    /// Workflow commands that GitHub shows as annotations on the pull request's diff.
    public func github(_ report: ValidationReport) -> String {
        var output = ""
        for diagnostic in report.diagnostics {
            let command = switch diagnostic.severity {
            case .error: "error"
            case .warning: "warning"
            case .note: "notice"
            }
            var properties: [String] = []
            if let location = diagnostic.location {
                properties += ["file=\(Self.escapeProperty(location.path))", "line=\(location.line)", "col=\(location.column)"]
            }
            properties.append("title=\(Self.escapeProperty("[\(diagnostic.rule)]"))")
            var message = diagnostic.message
            if let hint = diagnostic.hint { message += "\nhint: \(hint)" }
            output += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(message))\n"
        }
        output += summary(report) + "\n"
        return output
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
