import Foundation

/// `WorkSource.next` run one window ahead on a thread of its own: while the
/// pipeline renders and writes a window (work with serial stretches, where
/// one core would wait), the next one is read and tagged.
///
/// At most two windows are held: the one being written and the one ready.
/// A window whose large documents the pipeline tags itself (on every
/// thread, with a large text in memory) is not read ahead of: the next
/// window is read once that one is done.
final class Prefetch: @unchecked Sendable {
    private let source: WorkSource
    private let condition = NSCondition()
    private var ready: Result<WorkSource.Window?, Error>?
    /// Windows the reading thread may start before the pipeline asks again.
    private var allowance = 1
    private var reading = false
    private var stopped = false
    private var done = false
    /// The reading thread's stage times; read them after `stop`.
    private(set) var stages = StageTimings()

    init(_ source: WorkSource) {
        self.source = source
        let thread = Thread { [self] in produce() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func produce() {
        while true {
            condition.lock()
            while allowance == 0 && !stopped { condition.wait() }
            if stopped { break }
            allowance -= 1
            reading = true
            condition.unlock()

            let window = Result { try source.next(&stages) }
            condition.lock()
            reading = false
            while ready != nil && !stopped { condition.wait() }
            if stopped { break }
            ready = window
            condition.broadcast()
            condition.unlock()
            if case .success(let w) = window, w != nil { continue }
            condition.lock()
            break
        }
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next window, in corpus order; nil when the corpus is done.
    func next() throws -> WorkSource.Window? {
        condition.lock()
        defer { condition.unlock() }
        while ready == nil {
            if allowance == 0 && !reading && !done { allowance = 1 }
            condition.broadcast()
            if done { return nil }
            condition.wait()
        }
        let window = ready!
        ready = nil
        if case .success(let w?) = window, !w.holdsLarge { allowance += 1 }
        condition.broadcast()
        return try window.get()
    }

    /// Stops reading ahead and waits for the reading thread to end.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !done { condition.wait() }
        condition.unlock()
    }
}
