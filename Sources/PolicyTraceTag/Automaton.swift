/// Aho–Corasick over class sequences: every pattern is found in one pass,
/// whatever their number. Compiled to a dense DFA (one table read per input
/// symbol) when the table stays under `denseLimit` entries, otherwise kept
/// as a trie with failure links (slower per symbol, but memory grows with
/// the lexicon, not with lexicon × alphabet).
///
/// A transition's result carries `matchFlag` when the target state ends at
/// least one pattern; `outputs(of:)` lists them (longest first).
struct Automaton {
    static let matchFlag: UInt32 = 1 << 31
    static let denseLimit = 1 << 24

    enum Storage {
        /// `table[premultiplied state + class]` → premultiplied next state.
        case dense(table: [UInt32], stride: Int)
        /// Trie children in compressed rows (`rowStart[s]..<rowStart[s+1]`
        /// index `labels`/`targets`, sorted by class), failure links, and a
        /// dense root row.
        case sparse(rowStart: [UInt32], labels: [UInt32], targets: [UInt32], fail: [UInt32], root: [UInt32])
    }

    let storage: Storage
    private let outputStart: [Int32]
    private let outputList: [Int32]
    let stateCount: Int

    init(patterns: [[UInt32]], classCount: Int, denseLimit: Int = Automaton.denseLimit) {
        // Trie.
        var children: [[UInt32: UInt32]] = [[:]]
        var own: [[Int32]] = [[]]
        for (p, classes) in patterns.enumerated() {
            var node: UInt32 = 0
            for c in classes {
                if let next = children[Int(node)][c] { node = next } else {
                    let next = UInt32(children.count)
                    children[Int(node)][c] = next
                    children.append([:])
                    own.append([])
                    node = next
                }
            }
            own[Int(node)].append(Int32(p))
        }
        let n = children.count
        stateCount = n
        // Failure links in breadth-first order.
        var fail = [UInt32](repeating: 0, count: n)
        var order: [UInt32] = [0]
        var head = 0
        while head < order.count {
            let u = order[head]
            head += 1
            for (c, v) in children[Int(u)].sorted(by: { $0.key < $1.key }) {
                if u != 0 {
                    var f = fail[Int(u)]
                    while f != 0 && children[Int(f)][c] == nil { f = fail[Int(f)] }
                    fail[Int(v)] = children[Int(f)][c] ?? 0
                }
                order.append(v)
            }
        }
        // Outputs: own patterns, then those of the failure chain (BFS order
        // guarantees the chain's lists are complete first).
        var all = [[Int32]](repeating: [], count: n)
        for u in order {
            all[Int(u)] = own[Int(u)] + (u == 0 ? [] : all[Int(fail[Int(u)])])
        }
        var start: [Int32] = [0]
        var list: [Int32] = []
        for u in 0..<n {
            list.append(contentsOf: all[u])
            start.append(Int32(list.count))
        }
        outputStart = start
        outputList = list
        let hasOutput = { (u: UInt32) in !all[Int(u)].isEmpty }

        if n * classCount <= denseLimit {
            var table = [UInt32](repeating: 0, count: n * classCount)
            for u in order {
                let base = Int(u) * classCount
                for c in 0..<classCount {
                    let target: UInt32
                    if let v = children[Int(u)][UInt32(c)] {
                        target = v
                    } else if u == 0 {
                        target = 0
                    } else {
                        target = (table[Int(fail[Int(u)]) * classCount + c] & ~Self.matchFlag) / UInt32(classCount)
                    }
                    table[base + c] = target * UInt32(classCount) | (hasOutput(target) ? Self.matchFlag : 0)
                }
            }
            storage = .dense(table: table, stride: classCount)
        } else {
            var root = [UInt32](repeating: 0, count: classCount)
            for (c, v) in children[0] { root[Int(c)] = v }
            let flagged = { (v: UInt32) in v | (hasOutput(v) ? Self.matchFlag : 0) }
            var rowStart: [UInt32] = [0]
            var labels: [UInt32] = []
            var targets: [UInt32] = []
            for row in children {
                for (c, v) in row.sorted(by: { $0.key < $1.key }) {
                    labels.append(c)
                    targets.append(flagged(v))
                }
                rowStart.append(UInt32(labels.count))
            }
            storage = .sparse(rowStart: rowStart, labels: labels, targets: targets, fail: fail, root: root.map(flagged))
        }
    }

    /// Patterns ending at `state` (a plain state number), longest first.
    @inline(__always)
    func outputs(of state: Int) -> ArraySlice<Int32> {
        outputList[Int(outputStart[state])..<Int(outputStart[state + 1])]
    }
}
