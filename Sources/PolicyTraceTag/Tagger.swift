import Foundation
import PolicyTraceLexicon
import PolicyTraceText

/// The compiled lexicon: scans a text once and returns its mentions under
/// the semantics documented in `MATCHING.md` beside this file. Immutable and
/// safe to share between threads; the same text always gives the same
/// mentions in the same order.
public final class Tagger: @unchecked Sendable {
    public let lexicon: Lexicon
    public let overlaps: OverlapPolicy
    let patterns: [Pattern]
    let classes: InputClasses
    let automaton: Automaton
    let ringMask: Int
    /// Context rules per pattern: (concept, rule, folded cues).
    let rules: [[(String, ContextRule, [String])]]
    private let breakers = BreakerPool()
    /// Ideograph pairs that can lie inside one ICU dictionary word.
    let dictionaryPairs: DictionaryPairs
    /// Off only in the test that proves the shortcut changes no answer.
    var usesDictionaryPairs = true

    /// Compiles `lexicon` (already validated) into one automaton.
    public init(lexicon: Lexicon, overlaps: OverlapPolicy = .longest, fold: FoldTable = .shared) {
        self.lexicon = lexicon
        self.overlaps = overlaps
        let patterns = Pattern.compile(lexicon, fold: fold)
        let classes = InputClasses(symbols: Set(patterns.flatMap(\.symbols)), fold: fold)
        self.patterns = patterns
        self.classes = classes
        automaton = Automaton(patterns: patterns.map { $0.symbols.map { classes.classOf[$0]! } }, classCount: classes.count)
        let firstChinese = Set(patterns.filter { $0.language == .zh }.compactMap(\.symbols.first))
        dictionaryPairs = DictionaryPairs(seconds: Set(fold.allFolding(to: firstChinese).values.joined()))
        let longest = patterns.map(\.symbols.count).max() ?? 1
        var size = 1
        while size <= longest { size <<= 1 }
        ringMask = size - 1
        let conceptRules = Dictionary(grouping: lexicon.concepts.flatMap { c in c.rules.map { (c.id, $0) } }, by: \.0)
        rules = patterns.map { p in
            p.concepts.flatMap { id in
                (conceptRules[id] ?? []).compactMap { (_, rule) -> (String, ContextRule, [String])? in
                    guard rule.terms.isEmpty || rule.terms.contains(where: { Pattern.symbols(of: $0.hasSuffix("*") ? String($0.dropLast()) : $0, fold: fold) == p.symbols }) else { return nil }
                    return (id, rule, rule.cues.map { fold.foldedString($0) })
                }
            }
        }
    }

    /// Number of distinct compiled patterns (terms and exclusion phrases).
    public var patternCount: Int { patterns.count }
    /// Automaton states, and whether the dense table is in use.
    public var automatonDescription: String {
        switch automaton.storage {
        case .dense(_, let stride): return "dense DFA, \(automaton.stateCount) states × \(stride) classes"
        case .sparse: return "sparse automaton, \(automaton.stateCount) states × \(classes.count) classes"
        }
    }

    /// Tags one text.
    public func tag(_ text: String) -> TagResult {
        var text = text
        return text.withUTF8 { tag(utf8: $0) }
    }

    /// Tags UTF-8 bytes (must be valid UTF-8, as a Swift string's are).
    public func tag(utf8 buffer: UnsafeBufferPointer<UInt8>) -> TagResult {
        let scan: Scan
        switch automaton.storage {
        case .dense(let table, let stride):
            scan = table.withUnsafeBufferPointer { scanText(buffer, DenseStep(table: $0, stride: UInt32(stride))) }
        case .sparse(let rowStart, let labels, let targets, let fail, let root):
            scan = rowStart.withUnsafeBufferPointer { r in
                labels.withUnsafeBufferPointer { l in
                    targets.withUnsafeBufferPointer { t in
                        fail.withUnsafeBufferPointer { f in
                            root.withUnsafeBufferPointer { o in
                                scanText(buffer, SparseStep(rowStart: r, labels: l, targets: t, fail: f, root: o))
                            }
                        }
                    }
                }
            }
        }
        return resolve(scan, buffer)
    }

    // MARK: Scanning

    struct Candidate {
        var pattern: Int32
        var start: Int
        var end: Int
        var byteStart: Int
        var byteEnd: Int
    }

    struct Scan {
        var candidates: [Candidate] = []
        var tokens = 0
    }

    private func scanText<Step: Transition>(_ buf: UnsafeBufferPointer<UInt8>, _ step: Step) -> Scan {
        classes.bmp.withUnsafeBufferPointer { bmp in
            let ring = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * (ringMask + 1))
            defer { ring.deallocate() }
            return scanText(buf, step, bmp: bmp, ring: ring)
        }
    }

    /// The hot loop: decode a code point, read its class (and token flags)
    /// from the table, take one automaton step; record where each symbol
    /// started so a match's start is known without scanning back.
    private func scanText<Step: Transition>(_ buf: UnsafeBufferPointer<UInt8>, _ step: Step,
                                            bmp: UnsafeBufferPointer<UInt32>, ring: UnsafeMutableBufferPointer<Int>) -> Scan {
        var out = Scan()
        let n = buf.count
        let mask = ringMask
        let bytesAt = mask + 1
        var pos = 0
        var state: UInt32 = 0
        var lastSep = true
        var inWord = false
        var tokens = 0
        var i = 0
        var cp = 0
        while i < n {
            let b0 = UInt32(buf[i])
            var c: UInt32
            var len: Int
            if b0 < 0x80 {
                c = b0; len = 1
            } else if b0 < 0xE0 {
                c = (b0 & 0x1F) << 6 | UInt32(buf[i + 1] & 0x3F); len = 2
            } else if b0 < 0xF0 {
                c = (b0 & 0x0F) << 12 | UInt32(buf[i + 1] & 0x3F) << 6 | UInt32(buf[i + 2] & 0x3F); len = 3
            } else {
                c = (b0 & 0x07) << 18 | UInt32(buf[i + 1] & 0x3F) << 12 | UInt32(buf[i + 2] & 0x3F) << 6 | UInt32(buf[i + 3] & 0x3F); len = 4
            }
            let e = c < 0x10000 ? bmp[Int(c)] : classes.entry(c)
            if e & InputClasses.ideograph != 0 {
                tokens += 1; inWord = false
            } else if e & InputClasses.word != 0 {
                if !inWord { tokens += 1 }
                inWord = true
            } else {
                inWord = false
            }
            var special: [UInt32]? = nil
            var count = 1
            if e & InputClasses.special != 0 {
                special = classes.expansions[c]
                count = special?.count ?? 0
            }
            var k = 0
            while k < count {
                let cls = special?[k] ?? (e & InputClasses.classMask)
                k += 1
                if cls == InputClasses.separatorClass {
                    if lastSep { continue }
                    lastSep = true
                } else {
                    lastSep = false
                }
                ring[pos & mask] = cp
                ring[bytesAt + (pos & mask)] = i
                pos += 1
                state = step.next(state, cls)
                if state & Automaton.matchFlag != 0 {
                    state &= ~Automaton.matchFlag
                    for p in automaton.outputs(of: step.node(state)) {
                        let back = (pos - patterns[Int(p)].symbols.count) & mask
                        out.candidates.append(Candidate(pattern: p, start: ring[back], end: cp + 1,
                                                        byteStart: ring[bytesAt + back], byteEnd: i + len))
                    }
                }
            }
            i += len
            cp += 1
        }
        out.tokens = tokens
        return out
    }

    // MARK: Judging candidates

    private func resolve(_ scan: Scan, _ buf: UnsafeBufferPointer<UInt8>) -> TagResult {
        var stats = TagStats()
        var exclusions: [Candidate] = []
        var accepted: [(Candidate, [String])] = []
        var breaker: WordBreaker?
        defer { if let breaker { breakers.put(breaker) } }
        for var cand in scan.candidates {
            let p = patterns[Int(cand.pattern)]
            if !p.isTerm {
                exclusions.append(cand)
                continue
            }
            let before = scalarBefore(buf, cand.byteStart)
            if p.language == .en || !p.wordStart && p.language != .zh {
                if p.wordStart, let b = before, isWord(b) { continue }
            }
            if p.isPrefix {
                var j = cand.byteEnd
                while j < buf.count, let (s, len) = scalarAt(buf, j), isWord(s) { j += len; cand.end += 1 }
                cand.byteEnd = j
            } else if p.wordEnd, p.language == .en, let (after, _) = scalarAt(buf, cand.byteEnd), isWord(after) {
                continue
            }
            if p.language == .zh, let b = before, classes.entry(b) & InputClasses.ideograph != 0,
               let (first, _) = scalarAt(buf, cand.byteStart), mayJoin(b, first) {
                let left = scalars(buf, endingAt: cand.byteStart, count: 8)
                let right = scalars(buf, startingAt: cand.byteStart, count: p.symbols.count + 8)
                if breaker == nil { breaker = breakers.take() }
                if !breaker!.isBoundary(left + right, at: left.count) {
                    for c in p.concepts { stats.rejectedWordEdge[c, default: 0] += 1 }
                    continue
                }
            }
            var concepts = p.concepts
            for (concept, rule, cues) in rules[Int(cand.pattern)] where concepts.contains(concept) {
                if !satisfies(rule, cues: cues, cand, buf) {
                    concepts.removeAll { $0 == concept }
                    stats.ruledOut[concept, default: 0] += 1
                }
            }
            if concepts.isEmpty { continue }
            accepted.append((cand, concepts))
        }
        accepted.sort { a, b in
            a.0.start != b.0.start ? a.0.start < b.0.start : a.0.end != b.0.end ? a.0.end > b.0.end : a.0.pattern < b.0.pattern
        }
        if !exclusions.isEmpty {
            // Sweep: exclusion spans sorted by start; those that began at or
            // before a candidate and have not ended before it stay active.
            exclusions.sort { $0.start < $1.start }
            var next = 0
            var active: [Candidate] = []
            accepted = accepted.compactMap { (cand, concepts) in
                while next < exclusions.count && exclusions[next].start <= cand.start {
                    active.append(exclusions[next])
                    next += 1
                }
                active.removeAll { $0.end <= cand.start }
                var kept = concepts
                for x in active where cand.end <= x.end {
                    for c in patterns[Int(x.pattern)].excludes where kept.contains(c) {
                        kept.removeAll { $0 == c }
                        stats.excluded[c, default: 0] += 1
                    }
                }
                return kept.isEmpty ? nil : (cand, kept)
            }
        }
        var mentions: [Mention] = []
        mentions.reserveCapacity(accepted.count)
        var reach = -1
        for (cand, concepts) in accepted {
            if overlaps == .longest && cand.end <= reach {
                for c in concepts { stats.suppressedNested[c, default: 0] += 1 }
                continue
            }
            reach = max(reach, cand.end)
            let p = patterns[Int(cand.pattern)]
            let span = String(decoding: UnsafeBufferPointer(rebasing: buf[cand.byteStart..<cand.byteEnd]), as: UTF8.self)
            mentions.append(Mention(concepts: concepts, term: p.term, language: p.language, text: span,
                                    start: cand.start, end: cand.end, utf8Start: cand.byteStart, utf8End: cand.byteEnd))
        }
        return TagResult(mentions: mentions, stats: stats, tokens: scan.tokens)
    }

    /// Whether ICU's segmentation might put `a` and `b` in one word: only
    /// then is the break iterator asked. Compatibility ideographs are
    /// normalised by ICU before lookup, so they are always asked about.
    @inline(__always)
    private func mayJoin(_ a: UInt32, _ b: UInt32) -> Bool {
        let compatibility = { (c: UInt32) in (0xF900...0xFAFF).contains(c) || (0x2F800...0x2FA1F).contains(c) }
        return !usesDictionaryPairs || compatibility(a) || compatibility(b) || dictionaryPairs.mayJoin(a, b)
    }

    @inline(__always)
    private func isWord(_ cp: UInt32) -> Bool { classes.entry(cp) & InputClasses.word != 0 }

    private func satisfies(_ rule: ContextRule, cues: [String], _ cand: Candidate, _ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        let left: [UInt32], right: [UInt32]
        switch rule.window {
        case .characters(let n):
            left = scalars(buf, endingAt: cand.byteStart, count: n)
            right = scalars(buf, startingAt: cand.byteEnd, count: n)
        case .words(let n):
            left = words(buf, from: cand.byteStart, count: n, forward: false)
            right = words(buf, from: cand.byteEnd, count: n, forward: true)
        case .sentence:
            left = sentence(buf, from: cand.byteStart, forward: false)
            right = sentence(buf, from: cand.byteEnd, forward: true)
        }
        let fold = FoldTable.shared
        let window = fold.foldedString(String(String.UnicodeScalarView((left + [0x20] + right).compactMap(Unicode.Scalar.init))))
        let found = cues.contains { window.contains($0) }
        return rule.kind == .require ? found : !found
    }

    private func words(_ buf: UnsafeBufferPointer<UInt8>, from byte: Int, count: Int, forward: Bool) -> [UInt32] {
        var out: [UInt32] = []
        var seen = 0
        var inWord = false
        var j = byte
        while true {
            guard let (s, len) = forward ? scalarAt(buf, j) : scalarEnding(buf, j) else { break }
            let w = isWord(s)
            if w && !inWord { seen += 1 }
            if !w && inWord && seen >= count { break }
            inWord = w
            out.append(s)
            j += forward ? len : -len
            if out.count > 400 { break }
        }
        return forward ? out : out.reversed()
    }

    private func sentence(_ buf: UnsafeBufferPointer<UInt8>, from byte: Int, forward: Bool) -> [UInt32] {
        let stops: Set<UInt32> = [0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x21, 0x3F, 0x3B, 0x0A, 0x2E]
        var out: [UInt32] = []
        var j = byte
        while let (s, len) = forward ? scalarAt(buf, j) : scalarEnding(buf, j), !stops.contains(s), out.count < 1000 {
            out.append(s)
            j += forward ? len : -len
        }
        return forward ? out : out.reversed()
    }

    // MARK: UTF-8 helpers (the buffer is valid UTF-8)

    private func scalarAt(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int)? {
        guard i < buf.count else { return nil }
        let b0 = UInt32(buf[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(buf[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(buf[i + 1] & 0x3F) << 6 | UInt32(buf[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(buf[i + 1] & 0x3F) << 12 | UInt32(buf[i + 2] & 0x3F) << 6 | UInt32(buf[i + 3] & 0x3F), 4)
    }

    private func scalarEnding(_ buf: UnsafeBufferPointer<UInt8>, _ end: Int) -> (UInt32, Int)? {
        guard end > 0 else { return nil }
        var j = end - 1
        while j > 0 && buf[j] & 0xC0 == 0x80 { j -= 1 }
        return scalarAt(buf, j)
    }

    private func scalarBefore(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32? { scalarEnding(buf, i)?.0 }

    private func scalars(_ buf: UnsafeBufferPointer<UInt8>, endingAt end: Int, count: Int) -> [UInt32] {
        var out: [UInt32] = []
        var j = end
        while out.count < count, let (s, len) = scalarEnding(buf, j) { out.append(s); j -= len }
        return out.reversed()
    }

    private func scalars(_ buf: UnsafeBufferPointer<UInt8>, startingAt start: Int, count: Int) -> [UInt32] {
        var out: [UInt32] = []
        var j = start
        while out.count < count, let (s, len) = scalarAt(buf, j) { out.append(s); j += len }
        return out
    }
}

/// One automaton step, specialised per storage so the scan loop inlines it.
protocol Transition {
    func next(_ state: UInt32, _ cls: UInt32) -> UInt32
    func node(_ state: UInt32) -> Int
}

struct DenseStep: Transition {
    let table: UnsafeBufferPointer<UInt32>
    let stride: UInt32
    @inline(__always) func next(_ state: UInt32, _ cls: UInt32) -> UInt32 { table[Int(state &+ cls)] }
    @inline(__always) func node(_ state: UInt32) -> Int { Int(state / stride) }
}

struct SparseStep: Transition {
    let rowStart: UnsafeBufferPointer<UInt32>
    let labels: UnsafeBufferPointer<UInt32>
    let targets: UnsafeBufferPointer<UInt32>
    let fail: UnsafeBufferPointer<UInt32>
    let root: UnsafeBufferPointer<UInt32>
    @inline(__always) func next(_ state: UInt32, _ cls: UInt32) -> UInt32 {
        var s = state
        while s != 0 {
            var lo = Int(rowStart[Int(s)]), hi = Int(rowStart[Int(s) + 1])
            while lo < hi {
                let mid = (lo + hi) >> 1
                if labels[mid] < cls { lo = mid + 1 } else { hi = mid }
            }
            if lo < Int(rowStart[Int(s) + 1]) && labels[lo] == cls { return targets[lo] }
            s = fail[Int(s)]
        }
        return root[Int(cls)]
    }
    @inline(__always) func node(_ state: UInt32) -> Int { Int(state) }
}

/// ICU break iterators are costly to open and not thread-safe: lend them out.
final class BreakerPool: @unchecked Sendable {
    private var free: [WordBreaker] = []
    private let lock = NSLock()
    func take() -> WordBreaker {
        lock.lock(); defer { lock.unlock() }
        return free.popLast() ?? WordBreaker(locale: "zh")
    }
    func put(_ b: WordBreaker) {
        lock.lock(); defer { lock.unlock() }
        free.append(b)
    }
}
