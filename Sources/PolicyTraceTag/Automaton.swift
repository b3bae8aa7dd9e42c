/// Aho–Corasick over class sequences: every pattern is found in one pass,
/// whatever their number.
///
/// States are numbered breadth-first, so the shallow states, where a scan
/// spends nearly all its time, come first. The first `hotCount` states get
/// full DFA rows (one table read per input symbol), within `denseBudget`
/// entries (the default lexicons: 5,447 of their 13,260 states). Deeper
/// ("cold") states keep only their trie children (sorted) and a failure link:
/// a miss follows the link until it reaches a hot state, whose row is
/// complete. Memory therefore stays bounded for any lexicon: a 100,000-term
/// lexicon gets dense rows for its shallowest states and sparse ones below.
///
/// A transition yields an encoded state: `row × stride` for a hot state (so
/// the next read is one addition away), `denseCount + i` for the i-th cold
/// state; `matchFlag` is set when the target ends at least one pattern, and
/// `outputs(of:)` lists those patterns (longest first).
///
/// `links` (every state's children and failure link, encoded) is the
/// compact form the dense rows are built from. The compiled-lexicon cache
/// stores the rows too and maps them back from its file, so a process that
/// tags one line does not build 17 MB of rows first.
struct Automaton {
    static let matchFlag: UInt32 = 1 << 31
    /// Default dense-table size in entries (4 bytes each, so 16 MiB). On the
    /// benchmark a cache-sized table (128 Ki–512 Ki entries) was no faster
    /// than the whole table of the default lexicons of the time (2.8 Mi entries).
    static let denseBudget = 1 << 22

    /// Every state's trie children (sorted by class) and failure link, encoded.
    struct Links {
        /// Per state, where its children start in `children`; one more entry
        /// than states.
        var start: [Int32]
        /// Class (high 32 bits) and flagged encoded target.
        var children: [UInt64]
        /// Per state, the encoded failure target (flag cleared).
        var failure: [UInt32]
    }

    let stride: Int
    let hotCount: Int
    /// `hotCount × stride` entries.
    let dense: DenseRows
    /// What cold states read (and what the dense rows were built from).
    let links: Links
    let outputStart: [Int32]
    let outputList: [Int32]

    var stateCount: Int { links.failure.count }
    var denseCount: UInt32 { UInt32(hotCount * stride) }

    init(patterns: [[UInt32]], classCount: Int, denseBudget: Int = Automaton.denseBudget) {
        // Trie, then breadth-first numbering and failure links.
        var children: [[UInt32: Int]] = [[:]]
        var own: [[Int32]] = [[]]
        for (p, classes) in patterns.enumerated() {
            var node = 0
            for c in classes {
                if let next = children[node][c] {
                    node = next
                } else {
                    children[node][c] = children.count
                    node = children.count
                    children.append([:])
                    own.append([])
                }
            }
            own[node].append(Int32(p))
        }
        let n = children.count
        var order = [0]
        var head = 0
        while head < order.count {
            for (_, v) in children[order[head]].sorted(by: { $0.key < $1.key }) { order.append(v) }
            head += 1
        }
        var number = [Int](repeating: 0, count: n)
        for (i, u) in order.enumerated() { number[u] = i }
        // Re-express the trie in breadth-first numbers.
        var kids = [[(UInt32, Int)]](repeating: [], count: n)
        var kidMap = [[UInt32: Int]](repeating: [:], count: n)
        var patternsAt = [[Int32]](repeating: [], count: n)
        for u in 0..<n {
            kidMap[number[u]] = children[u].mapValues { number[$0] }
            kids[number[u]] = kidMap[number[u]].sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            patternsAt[number[u]] = own[u]
        }
        var failure = [Int](repeating: 0, count: n)
        for u in 1..<max(n, 1) {
            for (c, v) in kids[u] {
                var f = failure[u]
                while f != 0 && kidMap[f][c] == nil { f = failure[f] }
                failure[v] = kidMap[f][c] ?? 0
            }
        }
        // Outputs: own patterns, then the failure chain's (complete first, by BFS order).
        var all = [[Int32]](repeating: [], count: n)
        for u in 0..<n {
            all[u] = patternsAt[u] + (u == 0 ? [] : all[failure[u]])
        }
        var start: [Int32] = [0]
        var list: [Int32] = []
        for u in 0..<n {
            list.append(contentsOf: all[u])
            start.append(Int32(list.count))
        }

        let stride = classCount
        let hot = min(n, max(1, denseBudget / max(stride, 1)))
        let encode = { (u: Int) -> UInt32 in
            UInt32(u < hot ? u * stride : hot * stride + u - hot) | (all[u].isEmpty ? 0 : Self.matchFlag)
        }
        var links = Links(start: [0], children: [], failure: [])
        for u in 0..<n {
            for (c, v) in kids[u] { links.children.append(UInt64(c) << 32 | UInt64(encode(v))) }
            links.start.append(Int32(links.children.count))
            links.failure.append(encode(failure[u]) & ~Self.matchFlag)
        }
        self.init(stride: stride, hotCount: hot, links: links, outputStart: start, outputList: list)
    }

    /// Builds the dense rows of the first `hotCount` states from `links`
    /// unless `dense` brings them (from the cache): a row's missing classes
    /// come from its failure state's row, complete already because that
    /// state is shallower.
    init(stride: Int, hotCount: Int, links: Links, outputStart: [Int32], outputList: [Int32], dense: DenseRows? = nil) {
        let dense =
            dense
            ?? DenseRows(count: hotCount * stride) { d in
                let base = d.baseAddress!
                for u in 0..<hotCount {
                    let row = base + u * stride
                    if u == 0 {
                        row.initialize(repeating: 0, count: stride)
                    } else {
                        row.initialize(from: base + Int(links.failure[u]), count: stride)
                    }
                    for k in Int(links.start[u])..<Int(links.start[u + 1]) {
                        let child = links.children[k]
                        row[Int(child >> 32)] = UInt32(truncatingIfNeeded: child)
                    }
                }
            }
        self.stride = stride
        self.hotCount = hotCount
        self.dense = dense
        self.links = links
        self.outputStart = outputStart
        self.outputList = outputList
    }

    /// The breadth-first state number of an encoded state (flag cleared).
    @inline(__always)
    func node(_ state: UInt32) -> Int {
        state < denseCount ? Int(state) / stride : hotCount + Int(state - denseCount)
    }

    /// Calls `body` with a step function over this automaton's tables.
    func withStep<R>(_ body: (Step) -> R) -> R {
        withExtendedLifetime(dense) {
            let d = dense.rows
            return links.start.withUnsafeBufferPointer { s in
                links.children.withUnsafeBufferPointer { c in
                    links.failure.withUnsafeBufferPointer { f in
                        body(
                            Step(
                                dense: d, start: s, children: c, failure: f, denseCount: denseCount,
                                stride: UInt32(stride), hotCount: hotCount))
                    }
                }
            }
        }
    }

    /// Patterns ending at breadth-first state `node`, longest first.
    func outputs(of node: Int) -> ArraySlice<Int32> {
        outputList[Int(outputStart[node])..<Int(outputStart[node + 1])]
    }
}

/// One automaton step over raw buffers, so the scan loop inlines it.
struct Step {
    let dense: UnsafeBufferPointer<UInt32>
    let start: UnsafeBufferPointer<Int32>
    let children: UnsafeBufferPointer<UInt64>
    let failure: UnsafeBufferPointer<UInt32>
    let denseCount: UInt32
    let stride: UInt32
    let hotCount: Int

    /// The encoded state after reading class `cls` in encoded state `state`
    /// (match flag cleared).
    @inline(__always)
    func next(_ state: UInt32, _ cls: UInt32) -> UInt32 {
        if state < denseCount { return dense[Int(state &+ cls)] }
        return coldNext(state, cls)
    }

    @inline(never)
    func coldNext(_ state: UInt32, _ cls: UInt32) -> UInt32 {
        var s = state
        let key = UInt64(cls) << 32
        while s >= denseCount {
            let u = hotCount + Int(s - denseCount)
            var lo = Int(truncatingIfNeeded: start[u])
            let end = Int(truncatingIfNeeded: start[u + 1])
            var hi = end
            while lo < hi {
                let mid = (lo + hi) >> 1
                if children[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            if lo < end && children[lo] & 0xFFFF_FFFF_0000_0000 == key { return UInt32(truncatingIfNeeded: children[lo]) }
            s = failure[u]
        }
        return dense[Int(s &+ cls)]
    }

    @inline(__always)
    func node(_ state: UInt32) -> Int {
        state < denseCount ? Int(state / stride) : hotCount + Int(state - denseCount)
    }
}

/// The dense rows' memory: built here, or lying in a mapped cache file that
/// stays mapped while the rows are alive. Never written after it is made.
final class DenseRows: Equatable, @unchecked Sendable {
    let rows: UnsafeBufferPointer<UInt32>
    /// What the rows lie in (the mapped file); nil: memory of their own.
    private let owner: AnyObject?

    /// `count` entries, every one written by `fill`.
    init(count: Int, fill: (UnsafeMutableBufferPointer<UInt32>) -> Void) {
        let memory = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: max(count, 1))
        fill(UnsafeMutableBufferPointer(rebasing: memory[0..<count]))
        rows = UnsafeBufferPointer(rebasing: memory[0..<count])
        owner = nil
    }

    /// Rows lying in `owner`'s memory, kept alive with them.
    init(_ rows: UnsafeBufferPointer<UInt32>, in owner: AnyObject) {
        self.rows = rows
        self.owner = owner
    }

    deinit { if owner == nil { UnsafeMutablePointer(mutating: rows.baseAddress!).deallocate() } }

    static func == (a: DenseRows, b: DenseRows) -> Bool { a.rows.elementsEqual(b.rows) }
}
