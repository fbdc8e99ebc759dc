internal import Foundation
internal import Model

/// Reads `transitions.jsonl` and `daily.jsonl` fast enough for a build.
///
/// A year of a busy network is tens of thousands of lines per vantage, and `JSONDecoder` per line
/// spent most of a build's added time on them. These lines are flat objects of strings, integers
/// and nulls written by `HistoryRecorder`, so a byte scanner reads them directly. A line the
/// scanner does not understand (an escape sequence, a nested value, a hand edit) goes to
/// `JSONDecoder`, and a line neither reads is skipped, as a reader of history must:
/// history must never stop the page from building.
package enum HistoryLines {
    static func transitions(_ text: String) -> [Transition] {
        lines(text) { fields in
            guard case .string(let at)? = fields["at"], case .success(let time) = Timestamp.parse(at),
                  case .string(let component)? = fields["component"] else { return nil }
            // No state: from here the vantage could not judge the component (see `Transition.state`).
            var state: ComponentState?
            switch fields["state"] {
            case .string(let text)?:
                guard let known = ComponentState(rawValue: text) else { return nil }
                state = known
            case .null?, nil: state = nil
            default: return nil
            }
            var reason: String?
            switch fields["reason"] {
            case .string(let text)?: reason = text
            case .null?, nil: reason = nil
            default: return nil
            }
            return Transition(at: time, component: component, state: state, reason: reason)
        }
    }

    static func rollups(_ text: String) -> [DailyRollup] {
        lines(text) { fields in
            guard case .string(let day)? = fields["day"], case .string(let component)? = fields["component"],
                  case .integer(let runs)? = fields["runs"], case .integer(let failures)? = fields["failures"] else { return nil }
            func optional(_ key: StaticString) -> Int?? {
                switch fields[key] {
                case .integer(let value)?: value
                case .null?, nil: .some(nil)
                default: nil
                }
            }
            guard let p50 = optional("p50"), let p95 = optional("p95"), let max = optional("max") else { return nil }
            var hours: String?
            switch fields["hours"] {
            case .string(let text)?: hours = text
            case .null?, nil: hours = nil
            default: return nil
            }
            return DailyRollup(day: day, component: component, runs: runs, failures: failures, p50: p50, p95: p95, max: max,
                               hours: hours)
        }
    }

    /// Parses one day's sample file: `HH:MM:SS` then `component=milliseconds` (or `-`) per run.
    package static func samples(day: String, text: String) -> [LatencySample] {
        var samples: [LatencySample] = []
        for row in text.split(separator: "\n") {
            let fields = row.split(separator: "\t")
            guard let first = fields.first, case .success(let at) = Timestamp.parse("\(day)T\(first)Z") else { continue }
            for field in fields.dropFirst() {
                guard let equals = field.firstIndex(of: "=") else { continue }
                samples.append(LatencySample(at: at, component: String(field[..<equals]), milliseconds: Int(field[field.index(after: equals)...])))
            }
        }
        return samples
    }

    /// One day of one component's samples summarised: runs, failures, p50, p95 and max latency.
    /// `probe` rolls up a day this way once its samples are old; the page does the same for the
    /// days still held as samples.
    /// With `hourly`, the line also keeps each hour's p95 (`HourlyProfile`) for the hour-of-day
    /// baseline of anomaly detection.
    package static func rollUp(day: String, component: String, samples: [LatencySample], hourly: Bool = false) -> DailyRollup {
        let latencies = samples.compactMap(\.milliseconds).sorted()
        func percentile(_ fraction: Double) -> Int? {
            latencies.isEmpty ? nil : latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
        }
        return DailyRollup(day: day, component: component, runs: samples.count, failures: samples.count - latencies.count,
                           p50: percentile(0.5), p95: percentile(0.95), max: latencies.last,
                           hours: hourly ? HourlyProfile.encoded(HourlyProfile.p95s(samples)) : nil)
    }

    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case null
    }

    /// One line's fields in the order written. A history line has a handful, so looking a key up
    /// by comparing bytes beats hashing every key into a dictionary (a year of twenty vantages is
    /// over half a million lines; the dictionaries were a third of a build's added time). The keys
    /// point into the line being read and are valid only while it is.
    struct Fields {
        fileprivate var keys: [UnsafeBufferPointer<UInt8>] = []
        fileprivate var values: [Value] = []

        /// The value of `key`; the last one when a key is written twice, as `JSONDecoder` takes it.
        subscript(key: StaticString) -> Value? {
            let wanted = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            for index in keys.indices.reversed() where keys[index].elementsEqual(wanted) { return values[index] }
            return nil
        }

        fileprivate mutating func removeAll() {
            keys.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
    }

    private static func lines<T: Decodable>(_ text: String, _ make: (Fields) -> T?) -> [T] {
        var result: [T] = []
        var text = text
        var fields = Fields()
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if !line.isEmpty {
                    if object(line, into: &fields), let value = make(fields) {
                        result.append(value)
                    } else if let value = try? JSONDecoder().decode(T.self, from: Data(line)) {
                        result.append(value)
                    }
                }
                start = end + 1
            }
        }
        return result
    }

    /// Reads a flat object of plain strings (no escapes), integers and nulls into `fields`; `false`
    /// for anything else. The text is a Swift string, so its bytes are valid UTF-8 already.
    static func object(_ bytes: UnsafeBufferPointer<UInt8>, into fields: inout Fields) -> Bool {
        fields.removeAll()
        var index = 0
        func skipSpaces() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
        }
        func string() -> UnsafeBufferPointer<UInt8>? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") || bytes[index] < 0x20 { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return UnsafeBufferPointer(rebasing: bytes[start..<index])
        }
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return false }
        index += 1
        skipSpaces()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            skipSpaces()
            return index == bytes.count
        }
        while true {
            skipSpaces()
            guard let key = string() else { return false }
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            skipSpaces()
            guard index < bytes.count else { return false }
            fields.keys.append(key)
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard let value = string() else { return false }
                fields.values.append(.string(String(decoding: value, as: UTF8.self)))
            case UInt8(ascii: "n"):
                guard index + 4 <= bytes.count, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == UInt8(ascii: "l"),
                      bytes[index + 3] == UInt8(ascii: "l") else { return false }
                index += 4
                fields.values.append(.null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let negative = bytes[index] == UInt8(ascii: "-")
                if negative { index += 1 }
                var value = 0
                var digits = 0
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    guard digits < 18 else { return false }
                    value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return false }
                fields.values.append(.integer(negative ? -value : value))
            default:
                return false
            }
            skipSpaces()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { return false }
            index += 1
            skipSpaces()
            return index == bytes.count
        }
    }
}
