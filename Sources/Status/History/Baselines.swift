public import Model

/// What one vantage's history says is normal for each series (a component's latency, or a
/// rounds component's cadence, `<component>.cadence`), over the 7 UTC days before today.
///
/// Today is left out, so a slowdown that has lasted all morning never becomes its own baseline.
/// The days come from what history keeps anyway: yesterday's per-run samples (rolled up here the
/// way `probe` will roll them up tonight) and the older days' `daily.jsonl` lines. A baseline is
/// the median over the days of each day's p95, so one bad day in the week does not move it:
///
/// - at the hour of day of the run, from each day's p95 of that UTC hour (`hours` in
///   `daily.jsonl`), when at least `minimumHourDays` days have that hour: a network that is slow
///   every day at 14:00 UTC is compared with its usual 14:00;
/// - otherwise over whole days with at least `minimumDayRuns` runs each.
public struct Baselines: Sendable {
    /// The days a baseline looks back over.
    public static let window = 7
    public static let minimumHourDays = 3
    /// An hour of 5-minute runs: fewer and a day says little.
    public static let minimumDayRuns = 12

    /// What one day of one series gives a baseline.
    struct Day: Sendable {
        var runs: Int
        var p95: Int?
        var hours: [Int?]?
    }

    private var days: [String: [Day]]

    public static let empty = Baselines(days: [:])

    private init(days: [String: [Day]]) { self.days = days }

    /// From a vantage folder's `daily.jsonl` text and its sample files by day, for a run at `now`.
    public init(daily: String, sampleFiles: [String: String], now: Timestamp) {
        let today = now.utcDay
        let midnight = now.adding(seconds: -(((now.secondsSince1970 % 86_400) + 86_400) % 86_400))
        let window = Set((1...Self.window).map { midnight.adding(seconds: -Int64($0) * 86_400).utcDay })
        var byDay: [String: [String: Day]] = [:]
        for rollup in HistoryLines.rollups(daily) where window.contains(rollup.day) {
            byDay[rollup.day, default: [:]][rollup.component] =
                Day(runs: rollup.runs, p95: rollup.p95, hours: rollup.hours.flatMap(HourlyProfile.decoded))
        }
        for (day, text) in sampleFiles where day != today && window.contains(day) {
            let byComponent = Dictionary(grouping: HistoryLines.samples(day: day, text: text), by: \.component)
            for (component, samples) in byComponent {
                let rollup = HistoryLines.rollUp(day: day, component: component, samples: samples)
                byDay[day, default: [:]][component] = Day(runs: rollup.runs, p95: rollup.p95, hours: HourlyProfile.p95s(samples))
            }
        }
        var days: [String: [Day]] = [:]
        for components in byDay.values {
            for (component, day) in components { days[component, default: []].append(day) }
        }
        self.days = days
    }

    /// The baseline of `series` for a run at `time`; `nil` when history has too little of it.
    public func baseline(for series: String, at time: Timestamp) -> Baseline? {
        guard let days = days[series], !days.isEmpty else { return nil }
        let hour = HourlyProfile.hour(of: time)
        let hourly = days.compactMap { $0.hours?[hour] }
        if hourly.count >= Self.minimumHourDays {
            return Baseline(milliseconds: Self.median(hourly), days: hourly.count, hour: hour)
        }
        let daily = days.filter { $0.runs >= Self.minimumDayRuns }.compactMap(\.p95)
        guard !daily.isEmpty else { return nil }
        return Baseline(milliseconds: Self.median(daily), days: daily.count, hour: nil)
    }

    static func median(_ values: [Int]) -> Int {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}

/// What is normal for a series: a p95 in ms, over how many days, at which UTC hour (`nil` for
/// whole days).
public struct Baseline: Sendable, Equatable {
    public var milliseconds: Int
    public var days: Int
    public var hour: Int?

    public init(milliseconds: Int, days: Int, hour: Int?) {
        self.milliseconds = milliseconds
        self.days = days
        self.hour = hour
    }

    /// "the 7-day p95 of 0.68 s at 14:00 UTC"
    public func phrase(_ value: (Int) -> String) -> String {
        "the \(days)-day p95 of \(value(milliseconds))" + (hour.map { " at \($0 < 10 ? "0" : "")\($0):00 UTC" } ?? "")
    }
}
