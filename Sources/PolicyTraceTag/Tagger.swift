import Foundation
import PolicyTraceLexicon
import PolicyTraceText

/// The compiled lexicon: scans a text once and returns its mentions under
/// the semantics documented in `MATCHING.md` beside this file. Immutable and
/// safe to share between threads; the same text always gives the same
/// mentions in the same order.
public final class Tagger: @unchecked Sendable {
    /// How the scan counts `tokens` (`TagResult.tokens`, the denominator of
    /// `per_10k_tokens`), as the manifest and the report state it.
    public static let tokenDefinition = "CJK ideographs count one token each; each run of letters or digits of an alphabetic script counts one token"

    public let lexicon: Lexicon
    public let overlaps: OverlapPolicy
    let patterns: [Pattern]
    let classes: InputClasses
    let automaton: Automaton
    let ringMask: Int
    /// Per pattern, what the scan and the judging read on every candidate.
    let info: [PatternInfo]
    /// Context rules per pattern: (concept, rule, cues as class sequences).
    let rules: [[(String, ContextRule, [[UInt32]])]]
    /// Per pattern, the families of its own concept list (`families(of:)`),
    /// read for every accepted candidate by the nested-match rule.
    let patternFamilies: [[String]]
    private let breakers = BreakerPool()
    /// Ideograph pairs that can lie inside one ICU dictionary word.
    let dictionaryPairs: DictionaryPairs
    /// Off only in the test that proves the shortcut changes no answer.
    var usesDictionaryPairs = true

    /// Compiles `lexicon` (already validated) into one automaton.
    public convenience init(lexicon: Lexicon, overlaps: OverlapPolicy = .longest, fold: FoldTable = .shared) {
        self.init(lexicon: lexicon, overlaps: overlaps, tables: CompiledTables(lexicon, fold: fold))
    }

    /// A tagger over tables compiled before (now, or by an earlier process
    /// and read back from the cache).
    init(lexicon: Lexicon, overlaps: OverlapPolicy, tables: CompiledTables) {
        self.lexicon = lexicon
        self.overlaps = overlaps
        patterns = tables.patterns
        classes = tables.classes
        automaton = tables.automaton
        dictionaryPairs = tables.dictionaryPairs
        rules = tables.rules
        let longest = patterns.map(\.symbols.count).max() ?? 1
        var size = 1
        while size <= longest { size <<= 1 }
        ringMask = size - 1
        patternFamilies = tables.patterns.map { Self.families(of: $0.concepts) }
        info = zip(patterns, rules).map { p, r in
            PatternInfo(
                length: p.symbols.count, isTerm: p.isTerm, isPrefix: p.isPrefix, wordStart: p.wordStart,
                wordEnd: p.wordEnd, language: p.language, hasRules: !r.isEmpty)
        }
    }

    /// Number of distinct compiled patterns (terms and exclusion phrases).
    public var patternCount: Int { patterns.count }
    /// Automaton states, and whether the dense table is in use.
    public var automatonDescription: String {
        "\(automaton.stateCount) states × \(automaton.stride) classes, \(automaton.hotCount) with dense rows"
    }

    /// Tags one text.
    public func tag(_ text: String) -> TagResult {
        var text = text
        return text.withUTF8 { tag(utf8: $0) }
    }

    /// Tags UTF-8 bytes (must be valid UTF-8, as a Swift string's are),
    /// short names the text defines included (`ShortNames`).
    public func tag(utf8 buffer: UnsafeBufferPointer<UInt8>) -> TagResult {
        let scan = automaton.withStep { scanText(buffer, $0, from: 0, to: buffer.count, firstCodePoint: 0) }
        var result = resolve(scan, buffer, keeping: 0..<Int.max)
        var names = ShortNames()
        names.extend(&result, buffer, 0..<buffer.count, firstCodePoint: 0)
        return result
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

    /// Scans bytes `from..<to` (scalar boundaries of `buf`), the first being
    /// code point `firstCodePoint` of the text.
    func scanText(_ buf: UnsafeBufferPointer<UInt8>, _ step: Step, from: Int, to: Int, firstCodePoint: Int) -> Scan {
        classes.bmp.withUnsafeBufferPointer { bmp in
            automaton.outputStart.withUnsafeBufferPointer { outputStart in
                automaton.outputList.withUnsafeBufferPointer { outputList in
                    info.withUnsafeBufferPointer { info in
                        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ringMask + 1) { ring in
                            scanText(
                                buf, step, Tables(bmp: bmp, outputStart: outputStart, outputList: outputList, info: info), ring: ring,
                                from: from, to: to, firstCodePoint: firstCodePoint)
                        }
                    }
                }
            }
        }
    }

    /// The tables the hot loop reads, as raw buffers (no reference counting).
    struct Tables {
        let bmp: UnsafeBufferPointer<UInt32>
        let outputStart: UnsafeBufferPointer<Int32>
        let outputList: UnsafeBufferPointer<Int32>
        let info: UnsafeBufferPointer<PatternInfo>
    }

    /// The hot loop: decode a code point, read its class (and token flags)
    /// from the table, take one automaton step; record where each symbol
    /// started so a match's start is known without scanning back.
    private func scanText(
        _ buf: UnsafeBufferPointer<UInt8>, _ step: Step,
        _ tables: Tables, ring: UnsafeMutableBufferPointer<UInt64>, from: Int, to: Int, firstCodePoint: Int
    ) -> Scan {
        precondition(buf.count < 1 << 32, "a single text of 4 GiB or more")
        let bmp = tables.bmp
        var out = Scan()
        let n = to
        let mask = ringMask
        var pos = 0
        var state: UInt32 = 0
        var lastSep = true
        var inWord: UInt32 = 0
        var tokens = 0
        var i = from
        var cp = firstCodePoint
        var len = 0
        /// One symbol of the code point at `i`: runs of separators read as
        /// one; `last` is false inside a multi-symbol expansion.
        @inline(__always) func feed(_ cls: UInt32, last: Bool) {
            if cls == InputClasses.separatorClass {
                if lastSep { return }
                lastSep = true
            } else {
                lastSep = false
            }
            ring[pos & mask] = UInt64(cp) << 32 | UInt64(i)
            pos &+= 1
            state = step.next(state, cls)
            if state & Automaton.matchFlag != 0 {
                state &= ~Automaton.matchFlag
                if last { report(step.node(state), pos: pos, end: cp + 1, byteEnd: i + len, tables, ring, &out) }
            }
        }
        while i < n {
            let b0 = UInt32(buf[i])
            let c: UInt32
            if b0 < 0x80 {
                c = b0; len = 1
            } else if b0 >= 0xE0 && b0 < 0xF0 {
                c = (b0 & 0x0F) << 12 | UInt32(buf[i + 1] & 0x3F) << 6 | UInt32(buf[i + 2] & 0x3F); len = 3
            } else if b0 < 0xE0 {
                c = (b0 & 0x1F) << 6 | UInt32(buf[i + 1] & 0x3F); len = 2
            } else {
                c = (b0 & 0x07) << 18 | UInt32(buf[i + 1] & 0x3F) << 12 | UInt32(buf[i + 2] & 0x3F) << 6 | UInt32(buf[i + 3] & 0x3F); len = 4
            }
            let e = c < 0x10000 ? bmp[Int(c)] : classes.entry(c)
            // A token starts at every ideograph and at the first letter or
            // digit of a run.
            let ideograph = (e >> 17) & 1, word = (e >> 16) & 1
            tokens &+= Int(ideograph | (word & ~inWord))
            inWord = word & ~ideograph
            if e & InputClasses.special == 0 {
                feed(e & InputClasses.classMask, last: true)
            } else {
                // A code point that folds to several symbols (`ﬁ`, `é` →
                // `e` U+0301) or none: a match must end with its last
                // symbol, never inside it.
                let expansion = classes.expansions[c] ?? []
                for (k, cls) in expansion.enumerated() { feed(cls, last: k == expansion.count - 1) }
            }
            i &+= len
            cp &+= 1
        }
        out.tokens = tokens
        return out
    }

    /// Records a candidate for every pattern ending at `node`; the ring
    /// holds (code-point index, byte offset) of the last symbols read.
    @inline(never)
    private func report(
        _ node: Int, pos: Int, end: Int, byteEnd: Int, _ tables: Tables,
        _ ring: UnsafeMutableBufferPointer<UInt64>, _ out: inout Scan
    ) {
        for o in Int(tables.outputStart[node])..<Int(tables.outputStart[node + 1]) {
            let p = tables.outputList[o]
            let at = ring[(pos - tables.info[Int(p)].length) & ringMask]
            out.candidates.append(
                Candidate(
                    pattern: p, start: Int(at >> 32), end: end,
                    byteStart: Int(at & 0xFFFF_FFFF), byteEnd: byteEnd))
        }
    }

    // MARK: Judging candidates

    /// A candidate that passed the edge checks and context rules.
    /// `concepts` is -1 while the pattern's own concept list stands, else an
    /// index into the list of reduced concept lists.
    struct Accepted {
        var cand: Candidate
        var concepts: Int32
    }

    /// Judges the candidates into mentions. Only candidates starting at a
    /// code point in `keep` become mentions and are counted in the stats;
    /// earlier ones are judged all the same, for they may contain a kept one
    /// and so suppress it (a segment of a larger text, `Segments.swift`).
    func resolve(_ scan: Scan, _ buf: UnsafeBufferPointer<UInt8>, keeping keep: Range<Int>) -> TagResult {
        var stats = TagStats()
        // Per-pattern tallies, spread to concepts at the end (no string
        // hashing per candidate).
        var rejected: [Int32: Int] = [:]
        var nested: [Int32: Int] = [:]
        var reduced: [[String]] = []
        var exclusions: [Candidate] = []
        var accepted: [Accepted] = []
        accepted.reserveCapacity(scan.candidates.count)
        var breaker: WordBreaker?
        defer { if let breaker { breakers.put(breaker) } }
        info.withUnsafeBufferPointer { info in
            for var cand in scan.candidates where cand.start < keep.upperBound {
                let p = info[Int(cand.pattern)]
                let counted = cand.start >= keep.lowerBound
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
                    while j < buf.count, let (s, len) = Self.scalarAt(buf, j), isWord(s) { j += len; cand.end += 1 }
                    cand.byteEnd = j
                } else if p.wordEnd, p.language == .en, let (after, _) = Self.scalarAt(buf, cand.byteEnd), isWord(after) {
                    continue
                }
                if p.language == .zh, let b = before, classes.entry(b) & InputClasses.ideograph != 0,
                    let (first, _) = Self.scalarAt(buf, cand.byteStart), mayJoin(b, first)
                {
                    var window = scalars(buf, endingAt: cand.byteStart, count: 8)
                    let offset = window.count
                    appendScalars(buf, startingAt: cand.byteStart, count: p.length + 8, to: &window)
                    if breaker == nil { breaker = breakers.take() }
                    if !breaker!.isBoundary(window, at: offset) {
                        if counted { rejected[cand.pattern, default: 0] += 1 }
                        continue
                    }
                }
                var reducedIndex: Int32 = -1
                if p.hasRules {
                    var concepts = patterns[Int(cand.pattern)].concepts
                    for (concept, rule, cues) in rules[Int(cand.pattern)] where concepts.contains(concept) {
                        if !satisfies(rule, cues: cues, cand, buf) {
                            concepts.removeAll { $0 == concept }
                            if counted { stats.ruledOut[concept, default: 0] += 1 }
                        }
                    }
                    if concepts.isEmpty { continue }
                    if concepts.count != patterns[Int(cand.pattern)].concepts.count {
                        reducedIndex = Int32(reduced.count)
                        reduced.append(concepts)
                    }
                }
                accepted.append(Accepted(cand: cand, concepts: reducedIndex))
            }
        }
        accepted.sort { a, b in
            a.cand.start != b.cand.start
                ? a.cand.start < b.cand.start : a.cand.end != b.cand.end ? a.cand.end > b.cand.end : a.cand.pattern < b.cand.pattern
        }
        func concepts(of a: Accepted) -> [String] {
            a.concepts < 0 ? patterns[Int(a.cand.pattern)].concepts : reduced[Int(a.concepts)]
        }
        func families(of a: Accepted) -> [String] {
            a.concepts < 0 ? patternFamilies[Int(a.cand.pattern)] : Self.families(of: reduced[Int(a.concepts)])
        }
        if !exclusions.isEmpty {
            // Sweep: exclusion spans sorted by start; those that began at or
            // before a candidate and have not ended before it stay active.
            exclusions.sort { $0.start < $1.start }
            var next = 0
            var active: [Candidate] = []
            accepted = accepted.compactMap { a in
                while next < exclusions.count && exclusions[next].start <= a.cand.start {
                    active.append(exclusions[next])
                    next += 1
                }
                active.removeAll { $0.end <= a.cand.start }
                guard active.contains(where: { a.cand.end <= $0.end }) else { return a }
                var kept = concepts(of: a)
                for x in active where a.cand.end <= x.end {
                    for c in patterns[Int(x.pattern)].excludes where kept.contains(c) {
                        kept.removeAll { $0 == c }
                        if a.cand.start >= keep.lowerBound { stats.excluded[c, default: 0] += 1 }
                    }
                }
                if kept.isEmpty { return nil }
                if kept.count == concepts(of: a).count { return a }
                reduced.append(kept)
                return Accepted(cand: a.cand, concepts: Int32(reduced.count - 1))
            }
        }
        var mentions: [Mention] = []
        mentions.reserveCapacity(accepted.count)
        var reach = -1
        // Accepted mentions that may still contain a later candidate, with
        // their families: nested suppression acts within a family only.
        var open: [(end: Int, families: [String])] = []
        for a in accepted {
            let cand = a.cand
            let counted = cand.start >= keep.lowerBound
            if overlaps == .longest && cand.end <= reach {
                let families = families(of: a)
                if open.contains(where: { o in o.end >= cand.end && o.families.contains { families.contains($0) } }) {
                    if counted && a.concepts < 0 {
                        nested[cand.pattern, default: 0] += 1
                    } else if counted {
                        for c in reduced[Int(a.concepts)] { stats.suppressedNested[c, default: 0] += 1 }
                    }
                    continue
                }
                if counted { for c in concepts(of: a) { stats.nestedOtherFamily[c, default: 0] += 1 } }
            }
            if overlaps == .longest {
                open.removeAll { $0.end <= cand.start }
                open.append((cand.end, families(of: a)))
            }
            reach = max(reach, cand.end)
            guard counted else { continue }
            let span = String(decoding: UnsafeBufferPointer(rebasing: buf[cand.byteStart..<cand.byteEnd]), as: UTF8.self)
            mentions.append(
                Mention(
                    concepts: concepts(of: a), term: patterns[Int(cand.pattern)].term,
                    language: patterns[Int(cand.pattern)].language, text: span,
                    start: cand.start, end: cand.end, utf8Start: cand.byteStart, utf8End: cand.byteEnd))
        }
        for (p, n) in rejected { for c in patterns[Int(p)].concepts { stats.rejectedWordEdge[c, default: 0] += n } }
        for (p, n) in nested { for c in patterns[Int(p)].concepts { stats.suppressedNested[c, default: 0] += n } }
        return TagResult(mentions: mentions, stats: stats, tokens: scan.tokens)
    }

    /// The families (first ID components) of a concept list, in order.
    static func families(of concepts: [String]) -> [String] {
        var out: [String] = []
        for c in concepts {
            let f = c.split(separator: ".", maxSplits: 1).first.map(String.init) ?? c
            if !out.contains(f) { out.append(f) }
        }
        return out
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
    func isWord(_ cp: UInt32) -> Bool { classes.entry(cp) & InputClasses.word != 0 }

    /// Whether the window the rule names holds one of its cues, compared
    /// as class sequences (the matcher's folding and separator rules).
    private func satisfies(_ rule: ContextRule, cues: [[UInt32]], _ cand: Candidate, _ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        let left: [UInt32], right: [UInt32]
        switch rule.window {
        case .characters(let n) where patterns[Int(cand.pattern)].language == .en:
            // A bare number counts words for English terms (Lexicons/README.md).
            left = words(buf, from: cand.byteStart, count: n, forward: false)
            right = words(buf, from: cand.byteEnd, count: n, forward: true)
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
        var window: [UInt32] = []
        window.reserveCapacity(left.count + right.count + 1)
        for cp in left { appendClasses(cp, to: &window) }
        appendClasses(0x20, to: &window)
        for cp in right { appendClasses(cp, to: &window) }
        let found = cues.contains { cue in
            window.count >= cue.count
                && (0...(window.count - cue.count)).contains { i in
                    window[i] == cue[0] && window[i..<i + cue.count].elementsEqual(cue)
                }
        }
        return rule.kind == .require ? found : !found
    }

    /// `cp`'s classes onto a rule's window, runs of separators kept as one.
    /// An `inout` rather than a captured array: no exclusivity check per scalar.
    private func appendClasses(_ cp: UInt32, to window: inout [UInt32]) {
        let e = classes.entry(cp)
        if e & InputClasses.special == 0 {
            let cls = e & InputClasses.classMask
            if !(cls == InputClasses.separatorClass && window.last == InputClasses.separatorClass) { window.append(cls) }
            return
        }
        for cls in classes.expansions[cp] ?? [] where !(cls == InputClasses.separatorClass && window.last == InputClasses.separatorClass) {
            window.append(cls)
        }
    }

    private func words(_ buf: UnsafeBufferPointer<UInt8>, from byte: Int, count: Int, forward: Bool) -> [UInt32] {
        var out: [UInt32] = []
        var seen = 0
        var inWord = false
        var j = byte
        while true {
            guard let (s, len) = forward ? Self.scalarAt(buf, j) : scalarEnding(buf, j) else { break }
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
        /// Sentence stops: 。！？；!?;, line feed and full stop.
        func isStop(_ s: UInt32) -> Bool {
            switch s {
            case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x21, 0x3F, 0x3B, 0x0A, 0x2E: return true
            default: return false
            }
        }
        var out: [UInt32] = []
        var j = byte
        while let (s, len) = forward ? Self.scalarAt(buf, j) : scalarEnding(buf, j), !isStop(s), out.count < 1000 {
            out.append(s)
            j += forward ? len : -len
        }
        return forward ? out : out.reversed()
    }

    // MARK: UTF-8 helpers (the buffer is valid UTF-8)

    static func scalarAt(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int)? {
        guard i < buf.count else { return nil }
        let b0 = UInt32(buf[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(buf[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(buf[i + 1] & 0x3F) << 6 | UInt32(buf[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(buf[i + 1] & 0x3F) << 12 | UInt32(buf[i + 2] & 0x3F) << 6 | UInt32(buf[i + 3] & 0x3F), 4)
    }

    func scalarEnding(_ buf: UnsafeBufferPointer<UInt8>, _ end: Int) -> (UInt32, Int)? {
        guard end > 0 else { return nil }
        var j = end - 1
        while j > 0 && buf[j] & 0xC0 == 0x80 { j -= 1 }
        return Self.scalarAt(buf, j)
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
        appendScalars(buf, startingAt: start, count: count, to: &out)
        return out
    }

    private func appendScalars(_ buf: UnsafeBufferPointer<UInt8>, startingAt start: Int, count: Int, to out: inout [UInt32]) {
        var j = start
        var n = 0
        while n < count, let (s, len) = Self.scalarAt(buf, j) { out.append(s); j += len; n += 1 }
    }
}

/// Everything compiling a lexicon produces that the tagger reads: the only
/// step that needs the fold table (and so ICU's normalisation and
/// transliteration data) and ICU's word dictionary.
struct CompiledTables {
    var patterns: [Pattern]
    var classes: InputClasses
    var automaton: Automaton
    /// Context rules per pattern: (concept, rule, cues as class sequences).
    var rules: [[(String, ContextRule, [[UInt32]])]]
    /// Ideograph pairs that can lie inside one ICU dictionary word.
    var dictionaryPairs: DictionaryPairs
}

extension CompiledTables {
    init(_ lexicon: Lexicon, fold: FoldTable) {
        patterns = Pattern.compile(lexicon, fold: fold)
        let cueSymbols = lexicon.concepts.flatMap(\.rules).flatMap(\.cues).flatMap { Pattern.symbols(of: $0, fold: fold) }
        let classes = InputClasses(symbols: Set(patterns.flatMap(\.symbols) + cueSymbols), fold: fold)
        self.classes = classes
        automaton = Automaton(patterns: patterns.map { $0.symbols.map { classes.classOf[$0]! } }, classCount: classes.count)
        let firstChinese = Set(patterns.filter { $0.language == .zh }.compactMap(\.symbols.first))
        dictionaryPairs = DictionaryPairs(seconds: Set(fold.allFolding(to: firstChinese).values.joined()))
        let conceptRules = Dictionary(grouping: lexicon.concepts.flatMap { c in c.rules.map { (c.id, $0) } }, by: \.0)
        rules = patterns.map { p in
            p.concepts.flatMap { id in
                (conceptRules[id] ?? []).compactMap { (_, rule) -> (String, ContextRule, [[UInt32]])? in
                    guard
                        rule.terms.isEmpty
                            || rule.terms.contains(where: {
                                Pattern.symbols(of: Term.stem(of: $0), fold: fold) == Pattern.symbols(of: Term.stem(of: p.term), fold: fold)
                            })
                    else { return nil }
                    return (id, rule, rule.cues.map { Pattern.symbols(of: $0, fold: fold).map { classes.classOf[$0]! } }.filter { !$0.isEmpty })
                }
            }
        }
    }
}

/// The fixed-size facts about a pattern that the hot paths read.
struct PatternInfo {
    var length: Int
    var isTerm: Bool
    var isPrefix: Bool
    var wordStart: Bool
    var wordEnd: Bool
    var language: Language
    var hasRules: Bool
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
