import Dispatch

/// Maps over an array on all cores, keeping order. Errors are rethrown after all work finishes.
public enum ParallelMap {
    /// `minimumCount`: below it the work runs on the calling thread, where small jobs (a page each)
    /// are cheaper than dispatching; a few large jobs (a network's history) pass a lower one.
    public static func map<Element: Sendable, Result: Sendable, Failure: Error>(
        _ elements: [Element], minimumCount: Int = 8, _ transform: @Sendable (Element) throws(Failure) -> Result
    ) throws(Failure) -> [Result] {
        if elements.count < max(minimumCount, 2) {
            var results: [Result] = []
            for element in elements { results.append(try transform(element)) }
            return results
        }
        let slots = Slots<Swift.Result<Result, Failure>>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            slots.set(index, Swift.Result { () throws(Failure) -> Result in try transform(elements[index]) })
        }
        // Moved out, not copied: a result can be a parsed incident, and ten thousand copies (and
        // then ten thousand destructions of the originals) were a visible pause on one core.
        var results: [Result] = []
        results.reserveCapacity(elements.count)
        for index in 0..<elements.count { results.append(try slots.take(index).get()) }
        return results
    }

    /// Fixed-size storage that concurrent workers fill at distinct indices.
    /// `@unchecked Sendable`: each index is written by exactly one `concurrentPerform` iteration and
    /// read only after `concurrentPerform` returns, which orders those writes before the reads.
    private final class Slots<Value>: @unchecked Sendable {
        private var storage: UnsafeMutableBufferPointer<Value?>

        init(count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil)
        }

        deinit {
            storage.deinitialize()
            storage.deallocate()
        }

        func set(_ index: Int, _ value: Value) { storage[index] = value }
        /// The value at `index`, moved out; the slot is left empty.
        func take(_ index: Int) -> Value { storage[index].take()! }
    }
}
