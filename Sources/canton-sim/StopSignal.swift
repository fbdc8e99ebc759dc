import Dispatch
import Foundation

/// Waits for the end of the simulator's life: EOF on stdin, SIGTERM or SIGINT.
enum StopSignal {
    static func wait() async {
        let (ended, end) = AsyncStream<Void>.makeStream()
        // Blocking reads belong on their own thread, not on the cooperative pool. Each read
        // consumes input, so the loop ends at EOF (an empty read) or on a read error.
        Thread.detachNewThread {
            while !FileHandle.standardInput.availableData.isEmpty {}
            end.yield()
        }
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)  // let the dispatch source see it instead of the default action
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { end.yield() }
            source.resume()
            return source
        }
        var iterator = ended.makeAsyncIterator()
        _ = await iterator.next()
        sources.forEach { $0.cancel() }
    }
}
