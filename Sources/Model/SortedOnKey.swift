extension Array {
    /// The elements ordered by a key worked out once per element, each element copied once into the
    /// result.
    ///
    /// `sorted(by:)` on large structs (an incident, a feed entry) copies them at every comparison
    /// and every step of its merges, retaining each of their fields; sorting ten thousand incidents
    /// that way was a noticeable single-threaded pause in a build. Here only the keys are compared
    /// and only integers are moved.
    package func sorted<Key>(onKey key: (Element) -> Key, by areInIncreasingOrder: (Key, Key) -> Bool) -> [Element] {
        let keys = map(key)
        return keys.indices.sorted { areInIncreasingOrder(keys[$0], keys[$1]) }.map { self[$0] }
    }
}
