/// "Did you mean …?" for misspelt keys and ids.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a plausible typo
    /// (at most a third of the word's length, at least 1, at most 3 edits). Case is ignored, and
    /// `_` and `-` count as the same, because `started_at` vs `started-at` is the commonest slip.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let normalizedWord = normalize(word)
        let limit = min(3, max(1, normalizedWord.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(normalizedWord, normalize(candidate), limit: limit)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        if let best { return best.candidate }
        // `degraded` for `degraded-performance`: a clear prefix of exactly one candidate.
        if normalizedWord.count >= 4 {
            let prefixed = candidates.filter { normalize($0).starts(with: normalizedWord) }
            if prefixed.count == 1 { return prefixed[0] }
        }
        return nil
    }

    /// A hint sentence: `did you mean 'x'?`, or the list of valid values when few.
    public static func hint(for word: String, in candidates: [String], kind: String) -> String {
        if let match = closest(to: word, in: candidates) {
            return "did you mean '\(match)'?"
        }
        if candidates.isEmpty { return "no \(kind) is defined" }
        if candidates.count <= 20 {
            return "valid \(plural(kind)): " + candidates.map { "'\($0)'" }.joined(separator: ", ")
        }
        return "see docs/content.md for the valid \(plural(kind))"
    }

    static func plural(_ word: String) -> String { word.hasSuffix("s") ? word + "es" : word + "s" }

    private static func normalize(_ text: String) -> [Character] {
        Array(text.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// Edit distance counting an insertion, deletion, substitution or swap of two neighbours as one
    /// edit (optimal string alignment), stopping early once every path exceeds `limit`.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
