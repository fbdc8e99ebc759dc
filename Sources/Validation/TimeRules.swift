internal import Foundation
internal import Model
internal import Content

/// Rules that depend on the clock or on git history: times in the future, maintenance notice,
/// and old major outages without a post-incident summary.
struct TimeRules {
    /// Clock skew allowed between an operator's machine and CI before an update counts as "in the future".
    static let futureTolerance: Int64 = 5 * 60
    /// After this long, a resolved major outage should have its post-incident summary.
    static let summaryGracePeriod: Int64 = 7 * 86_400

    let now: Timestamp
    private(set) var diagnostics: [Diagnostic] = []

    init(now: Timestamp) { self.now = now }

    mutating func check(_ incident: Incident) {
        var times = incident.updates.map(\.at)
        if let started = incident.started { times.append(started) }
        checkNotInFuture(times)
        if incident.severity == .majorOutage, let resolved = incident.updates.first(where: { $0.status == .resolved }),
           resolved.at.value.secondsSince1970 < now.secondsSince1970 - Self.summaryGracePeriod,
           TextRules.isBlank(incident.summary.value) {
            diagnostics.append(.warning(
                .missingSummary, "major outage resolved more than 7 days ago has no post-incident summary",
                at: resolved.at.location,
                hint: "write the root cause analysis as Markdown below the closing '---': what happened, impact, cause, what changes"))
        }
    }

    mutating func check(_ maintenance: Maintenance) {
        checkNotInFuture(maintenance.updates.map(\.at))
    }

    private mutating func checkNotInFuture(_ times: [Located<Timestamp>]) {
        for time in times where time.value.secondsSince1970 > now.secondsSince1970 + Self.futureTolerance {
            diagnostics.append(.error(
                .futureTime, "time \(time.value) is in the future (now is \(now))", at: time.location,
                hint: "updates record what already happened; check the date and the time zone (Z is UTC)"))
        }
    }

    /// Maintenance with impact must be announced at least `notice` before it starts, counted from the
    /// file's first commit, unless `short_notice` says why not.
    mutating func checkNotice(_ maintenance: Maintenance, notice: Interval, history: FirstCommits) {
        guard maintenance.impact.value != .operational, maintenance.shortNotice == nil,
              maintenance.updates.last?.status != .cancelled else { return }
        let announced = history.times[maintenance.path] ?? now
        let lead = maintenance.start.value.secondsSince1970 - announced.secondsSince1970
        guard lead < notice.seconds else { return }
        if history.truncated.contains(maintenance.path) {
            diagnostics.append(.note(
                .noticeUnverified, "notice could not be verified: the clone is shallow and the file is older than its history",
                at: maintenance.start.location,
                hint: "fetch the full history (actions/checkout with fetch-depth: 0) to check the \(notice) notice rule"))
            return
        }
        let when = history.times[maintenance.path] == nil ? "now (the file is not committed yet)" : "first committed \(announced)"
        let leadText = lead <= 0 ? "after it starts" : "\(Interval.seconds(lead)) before it starts"
        diagnostics.append(.error(
            .shortNotice, "window with \(maintenance.impact.value.rawValue) impact is announced \(leadText): \(when); the page asks for \(notice) notice",
            at: maintenance.start.location,
            hint: "move 'start' to \(announced.adding(seconds: notice.seconds)) or later, or add short_notice: \"<why this cannot wait>\""))
    }
}

/// Markdown that will not render as written.
package enum TextRules {
    /// Markdown that shows nothing: whitespace and HTML comments only (`<!-- TODO -->`).
    package static func isBlank(_ markdown: String) -> Bool {
        var rest = Substring(markdown)
        while let open = rest.range(of: "<!--") {
            guard rest[..<open.lowerBound].allSatisfy(\.isWhitespace) else { return false }
            guard let close = rest[open.upperBound...].range(of: "-->") else { return true }
            rest = rest[close.upperBound...]
        }
        return rest.allSatisfy(\.isWhitespace)
    }

    /// Raw HTML is shown as text (safe mode drops it), which is rarely what the author meant.
    ///
    /// In the Markdown body, cmark's position maps straight onto the file. In an update's `text:`
    /// (a YAML scalar, possibly folded over several lines), the tag is looked up in the file from
    /// where the value starts, so the warning points at the tag itself.
    static func rawHTML(in text: Located<String>, isFileBody: Bool, source: SourceText? = nil) -> [Diagnostic] {
        guard text.value.utf8.contains(UInt8(ascii: "<")) else { return [] }
        var reportedLines = Set<Int>()
        // One warning per line: `<b>x</b>` is two HTML nodes but one mistake.
        let positions = MarkdownDocument(text.value).rawHTMLPositions.filter { reportedLines.insert($0.line).inserted }
        let lines = text.value.split(separator: "\n", omittingEmptySubsequences: false)
        return positions.map { position in
            var location = text.location
            if isFileBody {
                location = SourceLocation(path: text.location.path, line: text.location.line + position.line - 1, column: position.column)
            } else if let source, position.line <= lines.count {
                let tag = String(lines[position.line - 1].unicodeScalars.dropFirst(position.column - 1).prefix { $0 != ">" }) + ">"
                location = source.find(tag, from: text.location) ?? text.location
            }
            return .warning(.rawHTML, "raw HTML in Markdown will not be rendered", at: location,
                            hint: "use Markdown instead (**bold**, [link](https://…), lists, tables); HTML tags are dropped for safety")
        }
    }
}
