import Dispatch
import Synchronization

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
        // One lock per finished element: a page or an incident takes far longer to make than the lock.
        let slots = Mutex<[Swift.Result<Result, Failure>?]>(Array(repeating: nil, count: elements.count))
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            let result = Swift.Result { () throws(Failure) -> Result in try transform(elements[index]) }
            slots.withLock { $0[index] = result }
        }
        let finished = slots.withLock { slots in
            defer { slots = [] }
            return slots
        }
        var results: [Result] = []
        results.reserveCapacity(finished.count)
        for slot in finished {
            // Every index was filled: `concurrentPerform` returns after its last iteration.
            guard let slot else { preconditionFailure("ParallelMap: a slot was left empty") }
            results.append(try slot.get())
        }
        return results
    }
}
