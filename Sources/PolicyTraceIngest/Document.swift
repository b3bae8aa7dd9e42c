/// One document of a corpus: a file, or one record of a multi-record file
/// (a JSON Lines line, a CSV row, a chronology-table row). Plain value: the
/// tagger and the aggregator see nothing but this.
public struct Document: Sendable, Equatable {
    /// The ID used in every output: the path relative to the corpus root,
    /// plus `#N` for the N-th record (1-based), or the record's own `id`.
    public var id: String
    /// Path of the source file relative to the corpus root.
    public var source: String
    /// 1-based record number within a multi-record file.
    public var record: Int?
    /// The extracted text that offsets refer to.
    public var text: String
    public var year: Int?
    /// Where `year` came from; nil when the document is undated.
    public var yearSource: YearSource?
    public var title: String?
    public var issuer: String?
    public var docNumber: String?
    /// The document's own date as written (e.g. `2014-07-30`, `2014年7月24日`).
    public var date: String?
    /// `zh`, `en`, or `mixed`, judged from the text's letters and ideographs.
    public var language: String
    /// The encoding the bytes were decoded from.
    public var encoding: String
    /// Other metadata fields (`url`, `subject`, …), kept for `--by` grouping.
    public var metadata: [String: String]
    /// Paginated documents (PDF, OFD): the code-point offset where each page
    /// begins in `text`, first page first; nil for documents without pages.
    package var pageStarts: [Int]?

    public init(
        id: String, source: String, record: Int? = nil, text: String, year: Int? = nil,
        yearSource: YearSource? = nil, title: String? = nil, issuer: String? = nil,
        docNumber: String? = nil, date: String? = nil, language: String? = nil,
        encoding: String = "UTF-8", metadata: [String: String] = [:], pageStarts: [Int]? = nil
    ) {
        self.id = id
        self.source = source
        self.record = record
        self.text = text
        self.year = year
        self.yearSource = yearSource
        self.title = title
        self.issuer = issuer
        self.docNumber = docNumber
        self.date = date
        self.language = language ?? Document.guessLanguage(text)
        self.encoding = encoding
        self.metadata = metadata
        self.pageStarts = pageStarts
    }

    /// The 1-based page that the code-point `offset` falls on; nil for
    /// documents without pages.
    package func page(at offset: Int) -> Int? {
        guard let starts = pageStarts, !starts.isEmpty else { return nil }
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        return max(lo, 1)
    }

    /// `zh` when ideographs outnumber Latin letters four to one, `en` for the
    /// reverse, `mixed` otherwise. Looks at the first 4,000 code points, on
    /// the UTF-8 bytes: ideographs are the three-byte scalars from U+3400.
    static func guessLanguage(_ text: String) -> String {
        var text = text
        let (han, latin) = text.withUTF8 { p -> (Int, Int) in
            var han = 0, latin = 0, scalars = 0, i = 0
            let low = ScanText.lows, high = ScanText.highs
            while i < p.count && scalars < 4000 {
                let b = p[i]
                // From an ASCII byte, eight ASCII bytes at a time: a letter is
                // a byte that, with 0x20 set, lies in 0x61...0x7A.
                if b < 0x80 && scalars + 8 <= 4000 && i + 8 <= p.count {
                    let x = ScanText.word(p, at: i)
                    if x & high == 0 {
                        let y = x | 0x20 &* low
                        latin += ((y &+ 0x1F &* low) & ~(y &+ 0x05 &* low) & high).nonzeroBitCount
                        scalars += 8
                        i += 8
                        continue
                    }
                }
                scalars += 1
                if b < 0x80 {
                    if (b | 0x20) &- 0x61 < 26 { latin += 1 }
                    i += 1
                } else if b < 0xE0 {
                    i += 2
                } else if b < 0xF0 {
                    // U+3400...U+4DBF and U+4E00...U+9FFF: lead bytes E3 (from
                    // U+3400), E4 (but U+4DC0...U+4DFF, E4 B7) and E5...E9.
                    let c = p[i + 1]
                    if (b >= 0xE5 && b <= 0xE9) || (b == 0xE4 && c != 0xB7) || (b == 0xE3 && c >= 0x90) { han += 1 }
                    i += 3
                } else {
                    i += 4
                }
            }
            return (han, latin)
        }
        if han == 0 && latin == 0 { return "und" }
        if han >= latin * 4 { return "zh" }
        if latin >= han * 4 { return "en" }
        return "mixed"
    }
}

/// Where a document's year came from, in the order the resolver tries them.
public enum YearSource: String, Sendable, Codable, CaseIterable {
    /// A year or date field of the record or page metadata.
    case metadata
    /// A year in the title, or the NPC/CPPCC session the title names.
    case title
    /// The year in the document number (`国发〔2014〕25号`).
    case docNumber = "doc_number"
    /// The document's own date line in its text.
    case dateText = "date_text"
    /// An NPC or CPPCC session named in the text.
    case session
    /// The creation date in a PDF's or OFD's document information, or a
    /// DOCX/ODT file's properties: when the file was made, which may be
    /// later than the text.
    case creationDate = "creation_date"
    /// A year in the file name.
    case filename
    /// The corpus configuration's year for the file.
    case config
}

/// A file or record that did not become a document, and why.
public struct SkippedItem: Sendable, Equatable, Codable {
    /// Path relative to the corpus root.
    public var source: String
    /// 1-based line (JSONL, CSV) or record number, when there is one.
    public var line: Int?
    public var reason: String

    package init(source: String, line: Int? = nil, reason: String) {
        self.source = source
        self.line = line
        self.reason = reason
    }

    /// `file:line: reason`, the form editors and CI logs understand.
    public var description: String {
        line.map { "\(source):\($0): \(reason)" } ?? "\(source): \(reason)"
    }
}
