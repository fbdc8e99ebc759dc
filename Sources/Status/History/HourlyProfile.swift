public import Model

/// The p95 of each UTC hour of one day, the part of a `daily.jsonl` line (`hours`) that lets an
/// older day still give an hour-of-day baseline once its per-run samples are gone.
///
/// Written as 24 comma-separated values in ms, an empty value for an hour with too few runs:
/// `"120,118,,130,…"`, about 100 bytes for a component's day.
public enum HourlyProfile {
    /// Runs an hour needs before its p95 means anything (a quarter of an hour at 5-minute runs).
    public static let minimumRuns = 3

    /// The p95 of each hour among `samples` of one day (failed runs left out); `nil` for hours with
    /// fewer than `minimumRuns` answered runs.
    public static func p95s(_ samples: [LatencySample]) -> [Int?] {
        var byHour = [[Int]](repeating: [], count: 24)
        for sample in samples {
            guard let milliseconds = sample.milliseconds else { continue }
            byHour[hour(of: sample.at)].append(milliseconds)
        }
        return byHour.map { values in
            guard values.count >= minimumRuns else { return nil }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
        }
    }

    public static func encoded(_ p95s: [Int?]) -> String? {
        guard p95s.contains(where: { $0 != nil }) else { return nil }
        return p95s.map { $0.map(String.init) ?? "" }.joined(separator: ",")
    }

    /// The values of an `hours` field; `nil` for a field that is not 24 values (a hand edit).
    public static func decoded(_ text: String) -> [Int?]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 24 else { return nil }
        return parts.map { Int($0) }
    }

    /// The UTC hour of day, 0…23.
    public static func hour(of time: Timestamp) -> Int {
        Int(((time.secondsSince1970 % 86_400) + 86_400) % 86_400 / 3600)
    }
}
