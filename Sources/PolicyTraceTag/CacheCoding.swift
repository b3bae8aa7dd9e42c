import PolicyTraceLexicon
import PolicyTraceText

/// The payload of a compiled-lexicon cache file (see `CompiledLexiconCache`):
/// little-endian 64-bit integers, strings as their UTF-8 length and bytes,
/// and arrays of integers as their count and raw little-endian memory, so
/// that the large tables come back with one copy each. Every platform Swift
/// runs on is little-endian.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []
    /// Location file names written so far: each is written once, then
    /// referred to by its number.
    private var files: [String: Int] = [:]

    mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func string(_ s: String) {
        int(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }
    mutating func optional(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }
    mutating func strings(_ list: [String]) {
        int(list.count)
        for s in list { string(s) }
    }
    mutating func array<T: FixedWidthInteger>(_ a: [T]) {
        int(a.count)
        a.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    /// Entries the reader maps rather than copies: their count, zero bytes
    /// up to the next 64-byte boundary of the file (the payload starts at
    /// `CompiledLexiconCache.headerSize`), then their raw memory.
    mutating func aligned(_ entries: UnsafeBufferPointer<UInt32>) {
        int(entries.count)
        bytes += repeatElement(0, count: Self.padding(at: bytes.count))
        bytes.append(contentsOf: UnsafeRawBufferPointer(entries))
    }

    /// Zero bytes after payload offset `at` up to a 64-byte file boundary.
    static func padding(at: Int) -> Int { (64 - (CompiledLexiconCache.headerSize + at) % 64) % 64 }

    /// A dictionary of integers as its sorted keys and their values.
    mutating func map<V: FixedWidthInteger>(_ m: [UInt32: V]) {
        let keys = m.keys.sorted()
        array(keys)
        array(keys.map { m[$0]! })
    }
}

/// Reads what `CacheWriter` wrote; any inconsistency (a length past the end,
/// an unknown name) throws `Damaged`, and the caller rebuilds.
struct CacheReader {
    struct Damaged: Error {}

    private let bytes: UnsafeRawBufferPointer
    private var at = 0
    private var files: [String] = []
    /// What `bytes` lie in (the mapped file), kept alive by the rows `aligned` lends out.
    private let owner: AnyObject

    init(_ bytes: UnsafeRawBufferPointer, owner: AnyObject) { (self.bytes, self.owner) = (bytes, owner) }

    var isAtEnd: Bool { at == bytes.count }

    private mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, n <= bytes.count - at else { throw Damaged() }
        defer { at += n }
        return UnsafeRawBufferPointer(rebasing: bytes[at..<at + n])
    }

    mutating func int() throws -> Int { Int(Int64(littleEndian: try take(8).loadUnaligned(as: Int64.self))) }
    mutating func bool() throws -> Bool {
        switch try take(1)[0] {
        case 0: return false
        case 1: return true
        default: throw Damaged()
        }
    }
    /// A string (the checksum has vouched for its bytes, so they are not
    /// validated again).
    mutating func string() throws -> String { String(decoding: try take(try int()), as: UTF8.self) }
    mutating func optional() throws -> String? { try bool() ? try string() : nil }
    mutating func strings() throws -> [String] { try (0..<count(of: 8)).map { _ in try string() } }
    /// A count of items at least `size` bytes each that fit in what is left.
    mutating func count(of size: Int) throws -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - at) / size else { throw Damaged() }
        return n
    }
    mutating func array<T: FixedWidthInteger>(_: T.Type = T.self) throws -> [T] {
        let n = try count(of: MemoryLayout<T>.stride)
        let raw = try take(n * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: n) { buffer, count in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            count = n
        }
    }
    /// What `CacheWriter.aligned` wrote, in place: rows that hold the
    /// bytes' owner (the mapped file) until the last of them goes.
    mutating func aligned() throws -> DenseRows {
        let n = try count(of: MemoryLayout<UInt32>.stride)
        _ = try take(CacheWriter.padding(at: at))
        return DenseRows(try take(n * MemoryLayout<UInt32>.stride).bindMemory(to: UInt32.self), in: owner)
    }
    mutating func map<V: FixedWidthInteger>(_: V.Type = V.self) throws -> [UInt32: V] {
        let keys: [UInt32] = try array(), values: [V] = try array()
        guard keys.count == values.count else { throw Damaged() }
        return try Dictionary(zip(keys, values), uniquingKeysWith: { _, _ in throw Damaged() })
    }
    mutating func name<T: RawRepresentable>(_: T.Type = T.self) throws -> T where T.RawValue == String {
        guard let v = T(rawValue: try string()) else { throw Damaged() }
        return v
    }
}

// MARK: The lexicon and its diagnostics

extension CacheWriter {
    mutating func location(_ l: SourceLocation?) {
        bool(l != nil)
        guard let l else { return }
        if let n = files[l.file] {
            int(n)
        } else {
            int(files.count)
            files[l.file] = files.count
            string(l.file)
        }
        int(l.line)
        int(l.column)
    }

    mutating func terms(_ list: [Term]) {
        int(list.count)
        for t in list { string(t.text); string(t.language.rawValue); location(t.location) }
    }

    mutating func rule(_ r: ContextRule) {
        strings(r.terms)
        string(r.kind.rawValue)
        strings(r.cues)
        switch r.window {
        case .characters(let n): int(0); int(n)
        case .words(let n): int(1); int(n)
        case .sentence: int(2)
        }
        location(r.location)
    }

    mutating func lexicon(_ lexicon: Lexicon) {
        strings(lexicon.files)
        int(lexicon.concepts.count)
        for c in lexicon.concepts {
            string(c.id)
            let labels = c.labels.keys.sorted()
            strings(labels)
            strings(labels.map { c.labels[$0]! })
            optional(c.source)
            optional(c.definition)
            terms(c.terms)
            terms(c.exclusions)
            int(c.rules.count)
            for r in c.rules { rule(r) }
            optional(c.notes)
            location(c.location)
        }
    }

    mutating func diagnostics(_ list: [LexiconDiagnostic]) {
        int(list.count)
        for d in list { string(d.severity.rawValue); location(d.location); string(d.message); optional(d.code) }
    }
}

extension CacheReader {
    mutating func location() throws -> SourceLocation? {
        guard try bool() else { return nil }
        let n = try int()
        if n == files.count { files.append(try string()) }
        guard n >= 0, n < files.count else { throw Damaged() }
        return SourceLocation(file: files[n], line: try int(), column: try int())
    }

    mutating func terms() throws -> [Term] {
        try (0..<count(of: 18)).map { _ in Term(try string(), language: try name(), location: try location()) }
    }

    mutating func rule() throws -> ContextRule {
        let terms = try strings(), kind: ContextRule.Kind = try name(), cues = try strings()
        let window: ContextRule.Window
        switch try int() {
        case 0: window = .characters(try int())
        case 1: window = .words(try int())
        case 2: window = .sentence
        default: throw Damaged()
        }
        return ContextRule(terms: terms, kind: kind, cues: cues, window: window, location: try location())
    }

    mutating func lexicon() throws -> Lexicon {
        let files = try strings()
        let concepts = try (0..<count(of: 8)).map { _ in
            let id = try string()
            let labels = try Dictionary(zip(try strings(), try strings()), uniquingKeysWith: { _, _ in throw Damaged() })
            return Concept(
                id: id, labels: labels, source: try optional(), definition: try optional(),
                terms: try terms(), exclusions: try terms(), rules: try (0..<count(of: 8)).map { _ in try rule() },
                notes: try optional(), location: try location())
        }
        return Lexicon(concepts: concepts, files: files)
    }

    mutating func diagnostics() throws -> [LexiconDiagnostic] {
        try (0..<count(of: 18)).map { _ in
            let severity: LexiconDiagnostic.Severity = try name(), location = try location()
            return LexiconDiagnostic(severity, try string(), at: location, code: try optional())
        }
    }
}

// MARK: The compiled tables

extension CacheWriter {
    mutating func tables(_ t: CompiledTables) {
        int(t.patterns.count)
        for p in t.patterns {
            array(p.symbols)
            string(p.language.rawValue)
            bool(p.isPrefix)
            string(p.term)
            strings(p.concepts)
            strings(p.excludes)
            bool(p.wordStart)
            bool(p.wordEnd)
        }
        array(t.classes.bmp)
        map(t.classes.astral)
        let expanded = t.classes.expansions.keys.sorted()
        array(expanded)
        for cp in expanded { array(t.classes.expansions[cp]!) }
        int(t.classes.count)
        map(t.classes.classOf)
        let a = t.automaton
        int(a.stride)
        int(a.hotCount)
        array(a.links.start)
        array(a.links.children)
        array(a.links.failure)
        array(a.outputStart)
        array(a.outputList)
        for patternRules in t.rules {
            int(patternRules.count)
            for (concept, r, cues) in patternRules {
                string(concept)
                rule(r)
                int(cues.count)
                for cue in cues { array(cue) }
            }
        }
        array(t.dictionaryPairs.pairs)
        bool(t.dictionaryPairs.isAvailable)
        aligned(a.dense.rows)
    }
}

extension CacheReader {
    mutating func tables() throws -> CompiledTables {
        let patterns = try (0..<count(of: 8)).map { _ in
            Pattern(
                symbols: try array(), language: try name(), isPrefix: try bool(), term: try string(),
                concepts: try strings(), excludes: try strings(), wordStart: try bool(), wordEnd: try bool())
        }
        let classes = try InputClasses(reading: &self)
        let stride = try int(), hotCount = try int()
        let links = Automaton.Links(start: try array(), children: try array(), failure: try array())
        let outputStart: [Int32] = try array(), outputList: [Int32] = try array()
        let states = links.failure.count
        guard stride == classes.count, hotCount >= 1, hotCount <= states, links.start.count == states + 1,
            links.start.last.map(Int.init) == links.children.count, outputStart.count == states + 1,
            outputStart.last.map(Int.init) == outputList.count
        else { throw Damaged() }
        let rules = try patterns.map { _ in
            try (0..<count(of: 8)).map { _ in
                (try string(), try rule(), try (0..<count(of: 8)).map { _ in try array(UInt32.self) })
            }
        }
        let pairs = DictionaryPairs(pairs: try array(), isAvailable: try bool())
        let dense = try aligned()
        guard dense.rows.count == hotCount * stride else { throw Damaged() }
        let automaton = Automaton(
            stride: stride, hotCount: hotCount, links: links, outputStart: outputStart, outputList: outputList, dense: dense)
        return CompiledTables(patterns: patterns, classes: classes, automaton: automaton, rules: rules, dictionaryPairs: pairs)
    }
}

extension InputClasses {
    init(reading r: inout CacheReader) throws {
        bmp = try r.array()
        astral = try r.map()
        let expanded: [UInt32] = try r.array()
        var expansions: [UInt32: [UInt32]] = [:]
        for cp in expanded { expansions[cp] = try r.array() }
        self.expansions = expansions
        count = try r.int()
        classOf = try r.map()
        guard bmp.count == 0x10000, expansions.count == expanded.count else { throw CacheReader.Damaged() }
    }
}
