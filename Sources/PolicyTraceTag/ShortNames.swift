import PolicyTraceLexicon

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Short names a Chinese text defines for a name it has just used:
/// `生活照顾服务（以下简称本服务）`, `急难救助金(以下簡稱本救助金)`. After
/// the definition, each occurrence of the short name counts as a mention of
/// the concepts of the tagged term the name ends with, as a reader counts it
/// (MATCHING.md, "Short names").
///
/// A definition counts only when all of these hold, because each looser form
/// cost precision on the gold sets:
/// - a parenthesis (`（` or `(`) opens with 以下简称, 以下称, 下称 or 简称
///   (or their Traditional forms), the short name follows, optionally quoted,
///   and the parenthesis closes;
/// - the short name is two to twelve ideographs and starts with 本, 该 or 該
///   (`本服务`, `该补贴`); names of the law itself (`本法`, `本条例`,
///   `本办法`…) are left out;
/// - a tagged term ends right before the parenthesis, or one ideograph
///   before it (`救助` in `急难救助金`), with only spaces between.
///
/// Used in text order over one text: whole (`Tagger.tag`) or a segment at a
/// time (`extend(_:utf8:segment:)` for each segment in turn), with the same
/// mentions either way.
public struct ShortNames: Sendable {
    struct Alias {
        var bytes: [UInt8]
        /// Byte offset where the name ends in its definition: occurrences count from here.
        var from: Int
        var concepts: [String]
        var term: String
    }

    var aliases: [Alias] = []
    /// The mention of earlier segments that ends last: a definition in this
    /// segment may name it, and a short name may not overlap it.
    var last: Mention?
    /// Short-name occurrences that cross the end of the segment before: kept
    /// unless a mention of this segment overlaps them.
    var pending: [Mention] = []

    public init() {}

    /// Adds to `result` (the mentions of `segment` of `buf`) the occurrences
    /// of short names defined so far, and learns the segment's definitions.
    public mutating func extend(_ result: inout TagResult, utf8 buf: UnsafeBufferPointer<UInt8>, segment: TextSegment) {
        extend(&result, buf, segment.bytes, firstCodePoint: segment.firstCodePoint)
    }

    mutating func extend(_ result: inout TagResult, _ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, firstCodePoint: Int) {
        let mentions = result.mentions
        // Occurrences held over from the segment before start before every
        // mention of this one, so they go first.
        var added = pending.filter { p in !mentions.contains { $0.utf8Start < p.utf8End && $0.utf8End > p.utf8Start } }
        pending = []
        learnDefinitions(buf, range, mentions)
        if !aliases.isEmpty {
            let held = added
            let found = occurrences(buf, range, mentions, firstCodePoint: firstCodePoint).filter { f in
                !held.contains { $0.utf8End > f.utf8Start }
            }
            for m in found where m.utf8End > range.upperBound {
                pending.append(m)
            }
            added += found.filter { $0.utf8End <= range.upperBound }
        }
        for m in mentions where last.map({ m.utf8End > $0.utf8End }) ?? true { last = m }
        guard !added.isEmpty else { return }
        for m in added {
            for c in m.concepts { result.stats.shortNames[c, default: 0] += 1 }
        }
        // A short name overlaps no mention, so its place in text order is
        // the same however the mentions around it are ordered.
        var merged: [Mention] = []
        merged.reserveCapacity(mentions.count + added.count)
        var k = 0
        for m in mentions {
            while k < added.count && added[k].utf8Start < m.utf8Start {
                merged.append(added[k])
                k += 1
            }
            merged.append(m)
        }
        merged += added[k...]
        result.mentions = merged
    }

    // MARK: Definitions

    /// What may stand between the opening parenthesis and 称: 以下简, 以下, 下, 简 (and Traditional 簡).
    private static let leads: [[UInt8]] = ["以下简", "以下簡", "以下", "下", "简", "簡"].map { Array($0.utf8) }
    private static let lawEnds: [[UInt8]] = [
        "法", "条例", "條例", "办法", "辦法", "规定", "規定", "细则", "細則", "章程", "公约", "公約", "要点", "要點", "准则", "準則",
        "规则", "規則", "标准", "標準", "条", "條",
    ].map { Array($0.utf8) }
    private static let firsts: Set<UInt32> = [0x672C, 0x8BE5, 0x8A72]  // 本 该 該

    private mutating func learnDefinitions(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ mentions: [Mention]) {
        // 称 (E7 A7 B0) and 稱 (E7 A8 B1) in one pass, so definitions come in text order.
        var i = range.lowerBound
        while let at = Self.find([0xE7], in: buf, from: i, to: range.upperBound) {
            i = at + 1
            guard at + 2 < buf.count, (buf[at + 1], buf[at + 2]) == (0xA7, 0xB0) || (buf[at + 1], buf[at + 2]) == (0xA8, 0xB1),
                let (paren, alias) = Self.definition(buf, cheng: at), let named = definedMention(buf, before: paren, mentions)
            else { continue }
            aliases.append(Alias(bytes: Array(buf[alias]), from: alias.upperBound, concepts: named.concepts, term: named.term))
        }
    }

    /// The opening parenthesis and the short name of a definition whose 称 is at `cheng`.
    static func definition(_ buf: UnsafeBufferPointer<UInt8>, cheng: Int) -> (paren: Int, alias: Range<Int>)? {
        // Back: a lead, spaces, the parenthesis.
        var open: Int?
        for lead in leads where cheng >= lead.count && buf[(cheng - lead.count)..<cheng].elementsEqual(lead) {
            var p = cheng - lead.count
            while p > 0 && buf[p - 1] == 0x20 { p -= 1 }
            if p >= 1 && buf[p - 1] == 0x28 { open = p - 1 } else if p >= 3 && buf[(p - 3)..<p].elementsEqual([0xEF, 0xBC, 0x88]) { open = p - 3 }
            if open != nil { break }
        }
        guard let paren = open else { return nil }
        // Forward: a colon, spaces, a quote, the name, a quote, spaces, the closing parenthesis.
        var i = cheng + 3
        func skip(_ seqs: [[UInt8]]) {
            for s in seqs where i + s.count <= buf.count && buf[i..<(i + s.count)].elementsEqual(s) {
                i += s.count
                return
            }
        }
        skip([[0xEF, 0xBC, 0x9A], [0x3A]])
        while i < buf.count && buf[i] == 0x20 { i += 1 }
        skip([[0xE2, 0x80, 0x9C], [0xE3, 0x80, 0x8C], [0xE3, 0x80, 0x8E], [0x22]])
        let start = i
        var count = 0
        while count < 12, let (v, len) = Tagger.scalarAt(buf, i), (0x3400...0x9FFF).contains(v) {
            if count == 0 && !firsts.contains(v) { return nil }
            i += len
            count += 1
        }
        guard count >= 2 else { return nil }
        let name = start..<i
        if lawEnds.contains(where: { $0.count <= name.count && buf[(name.upperBound - $0.count)..<name.upperBound].elementsEqual($0) }) {
            return nil
        }
        skip([[0xE2, 0x80, 0x9D], [0xE3, 0x80, 0x8D], [0xE3, 0x80, 0x8F], [0x22]])
        while i < buf.count && buf[i] == 0x20 { i += 1 }
        let closes = (i < buf.count && buf[i] == 0x29) || (i + 3 <= buf.count && buf[i..<(i + 3)].elementsEqual([0xEF, 0xBC, 0x89]))
        return closes ? (paren, name) : nil
    }

    /// The tagged term the defined name ends with: the mention ending last
    /// before the parenthesis, at most one ideograph (and any spaces) before it.
    private func definedMention(_ buf: UnsafeBufferPointer<UInt8>, before paren: Int, _ mentions: [Mention]) -> Mention? {
        var p = paren
        while p > 0 && buf[p - 1] == 0x20 { p -= 1 }
        var best = last.flatMap { $0.utf8End <= p ? $0 : nil }
        for m in mentions where m.utf8End <= p {
            if let b = best, (m.utf8End, b.utf8Start) <= (b.utf8End, m.utf8Start) { continue }
            best = m
        }
        guard let m = best else { return nil }
        if m.utf8End == p { return m }
        guard let (v, len) = Tagger.scalarAt(buf, m.utf8End), m.utf8End + len == p, (0x3400...0x9FFF).contains(v) else { return nil }
        return m
    }

    // MARK: Occurrences

    private func occurrences(
        _ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ mentions: [Mention], firstCodePoint: Int
    ) -> [Mention] {
        // Every start of every short name in the range, after its definition
        // (the latest definition of the same name decides the concepts).
        var hits: [(start: Int, end: Int, alias: Int)] = []
        for (k, a) in aliases.enumerated() {
            var i = max(range.lowerBound, a.from)
            while let at = Self.find(a.bytes, in: buf, from: i, to: range.upperBound, past: true) {
                i = at + 1
                if let later = aliases.lastIndex(where: { $0.bytes == a.bytes && $0.from <= at }), later != k { continue }
                // The name as it stands in a later definition of its own is no use of it.
                if aliases.contains(where: { $0.from - $0.bytes.count == at }) { continue }
                hits.append((at, at + a.bytes.count, k))
            }
        }
        hits.sort { ($0.start, $1.end) < ($1.start, $0.end) }
        // Prefix maxima of the mentions' ends, to tell overlaps by binary search.
        var reach = [Int](repeating: 0, count: mentions.count + 1)
        reach[0] = last?.utf8End ?? 0
        for (k, m) in mentions.enumerated() { reach[k + 1] = max(reach[k], m.utf8End) }
        var out: [Mention] = []
        var taken = range.lowerBound, cursor = range.lowerBound, codePoint = firstCodePoint
        for h in hits where h.start >= taken {
            var lo = 0, hi = mentions.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if mentions[mid].utf8Start < h.end { lo = mid + 1 } else { hi = mid }
            }
            if reach[lo] > h.start { continue }
            codePoint += Tagger.scalarCount(buf, cursor..<h.start)
            cursor = h.start
            let length = Tagger.scalarCount(buf, h.start..<h.end)
            let a = aliases[h.alias]
            out.append(
                Mention(
                    concepts: a.concepts, term: "\(a.term) → \(String(decoding: a.bytes, as: UTF8.self))", language: .zh,
                    text: String(decoding: a.bytes, as: UTF8.self), start: codePoint, end: codePoint + length,
                    utf8Start: h.start, utf8End: h.end))
            taken = h.end
        }
        return out
    }

    /// The first start of `needle` in `from..<to` (with `past`, the match may
    /// run beyond `to`, within the buffer).
    static func find(_ needle: [UInt8], in buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int, past: Bool = false) -> Int? {
        let end = past ? min(buf.count, to + needle.count - 1) : to
        guard from < end, end - from >= needle.count, let base = buf.baseAddress else { return nil }
        // memchr for the first byte, then the rest compared.
        var i = from
        let last = end - needle.count
        while i <= last {
            guard let hit = memchr(base + i, Int32(needle[0]), last + 1 - i) else { return nil }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            var k = 1
            while k < needle.count && base[at + k] == needle[k] { k += 1 }
            if k == needle.count { return at }
            i = at + 1
        }
        return nil
    }
}
