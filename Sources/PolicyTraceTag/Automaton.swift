/// Aho–Corasick over class sequences: every pattern is found in one pass,
/// whatever their number.
///
/// States are numbered breadth-first, so the shallow states, where a scan
/// spends nearly all its time, come first. The first `hotCount` states get
/// full DFA rows (one table read per input symbol), within `denseBudget`
/// entries; the default lexicons fit whole. Deeper ("cold") states of a
/// larger lexicon keep only their trie children (sorted) and a failure link:
/// a miss follows the link until it reaches a hot state, whose row is
/// complete. Memory therefore stays bounded for any lexicon: a 100,000-term
/// lexicon gets dense rows for its shallowest states and sparse ones below.
///
/// A transition yields an encoded state: `row × stride` for a hot state (so
/// the next read is one addition away), `denseCount + i` for the i-th cold
/// state; `matchFlag` is set when the target ends at least one pattern, and
/// `outputs(of:)` lists those patterns (longest first).
struct Automaton {
    static let matchFlag: UInt32 = 1 << 31
    /// Default dense-table size in entries (4 bytes each, so 16 MiB). On the
    /// benchmark a cache-sized table (128 Ki–512 Ki entries) was no faster
    /// than the whole 2.8 Mi-entry table of the default lexicons.
    static let denseBudget = 1 << 22

    let stride: Int
    let hotCount: Int
    /// `hotCount × stride` entries.
    let dense: [UInt32]
    /// Per cold state: start (high 32 bits) and count of its `entries`.
    let rows: [UInt64]
    /// Class (high 32 bits) and flagged encoded target, sorted by class within a row.
    let entries: [UInt64]
    /// Per cold state: the encoded failure target.
    let fail: [UInt32]
    let outputStart: [Int32]
    let outputList: [Int32]
    let stateCount: Int

    var denseCount: UInt32 { UInt32(hotCount * stride) }

    init(patterns: [[UInt32]], classCount: Int, denseBudget: Int = Automaton.denseBudget) {
        // Trie, then breadth-first numbering and failure links.
        var children: [[UInt32: Int]] = [[:]]
        var own: [[Int32]] = [[]]
        for (p, classes) in patterns.enumerated() {
            var node = 0
            for c in classes {
                if let next = children[node][c] { node = next } else {
                    children[node][c] = children.count
                    node = children.count
                    children.append([:])
                    own.append([])
                }
            }
            own[node].append(Int32(p))
        }
        let n = children.count
        stateCount = n
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
        outputStart = start
        outputList = list

        let stride = classCount
        let hot = min(n, max(1, denseBudget / max(stride, 1)))
        self.stride = stride
        hotCount = hot
        let denseCount = hot * stride
        let encode = { (u: Int) -> UInt32 in
            UInt32(u < hot ? u * stride : denseCount + u - hot) | (all[u].isEmpty ? 0 : Self.matchFlag)
        }
        // Dense rows: a row's missing classes come from its failure state's
        // row, complete already because that state is shallower.
        var plain = [Int](repeating: 0, count: denseCount)
        var dense = [UInt32](repeating: 0, count: denseCount)
        for u in 0..<hot {
            if u != 0 { for c in 0..<stride { plain[u * stride + c] = plain[failure[u] * stride + c] } }
            for (c, v) in kids[u] { plain[u * stride + Int(c)] = v }
            for c in 0..<stride { dense[u * stride + c] = encode(plain[u * stride + c]) }
        }
        self.dense = dense
        var rows: [UInt64] = []
        var entries: [UInt64] = []
        var fail: [UInt32] = []
        for u in hot..<n {
            rows.append(UInt64(entries.count) << 32 | UInt64(kids[u].count))
            for (c, v) in kids[u] { entries.append(UInt64(c) << 32 | UInt64(encode(v))) }
            fail.append(encode(failure[u]) & ~Self.matchFlag)
        }
        self.rows = rows
        self.entries = entries
        self.fail = fail
    }

    /// The breadth-first state number of an encoded state (flag cleared).
    @inline(__always)
    func node(_ state: UInt32) -> Int {
        state < denseCount ? Int(state) / stride : hotCount + Int(state - denseCount)
    }

    /// Calls `body` with a step function over this automaton's tables.
    func withStep<R>(_ body: (Step) -> R) -> R {
        dense.withUnsafeBufferPointer { d in
            rows.withUnsafeBufferPointer { r in
                entries.withUnsafeBufferPointer { e in
                    fail.withUnsafeBufferPointer { f in
                        body(Step(dense: d, rows: r, entries: e, fail: f, denseCount: denseCount,
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
    let rows: UnsafeBufferPointer<UInt64>
    let entries: UnsafeBufferPointer<UInt64>
    let fail: UnsafeBufferPointer<UInt32>
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
            let i = Int(s - denseCount)
            let row = rows[i]
            var lo = Int(truncatingIfNeeded: row >> 32)
            let end = lo + Int(truncatingIfNeeded: row & 0xFFFF_FFFF)
            var hi = end
            while lo < hi {
                let mid = (lo + hi) >> 1
                if entries[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            if lo < end && entries[lo] & 0xFFFF_FFFF_0000_0000 == key { return UInt32(truncatingIfNeeded: entries[lo]) }
            s = fail[i]
        }
        return dense[Int(s &+ cls)]
    }

    @inline(__always)
    func node(_ state: UInt32) -> Int {
        state < denseCount ? Int(state / stride) : hotCount + Int(state - denseCount)
    }
}
