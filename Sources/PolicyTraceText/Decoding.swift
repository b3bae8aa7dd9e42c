import CICU
import Foundation

/// A file's bytes turned into a Swift string, with what it took to get there.
public struct DecodedText: Sendable, Equatable {
    /// The decoded text (never contains a byte-order mark).
    public var text: String
    /// The encoding used: a name such as `UTF-8`, `UTF-16LE`, `GB18030`, `Big5`.
    public var encoding: String
    /// How many invalid or unmappable byte sequences were replaced by U+FFFD.
    public var replacements: Int
    /// Set when the encoding was guessed because charset detection was
    /// unsure: what was detected, and what was chosen instead.
    public var guess: String?

    init(text: String, encoding: String, replacements: Int, guess: String? = nil) {
        self.text = text
        self.encoding = encoding
        self.replacements = replacements
        self.guess = guess
    }
}

/// Why bytes could not be turned into text.
public enum DecodingError: Error, Equatable, CustomStringConvertible {
    /// The bytes look binary (NUL bytes without a UTF-16 byte-order mark).
    case binary
    /// ICU does not know the named (or detected) charset.
    case unknownEncoding(String)
    /// A UTF-16 byte-order mark followed by bytes that are not text: `odd`
    /// of the `characters` decoded are control characters or invalid.
    case binaryAfterMark(encoding: String, odd: Int, characters: Int)

    public var description: String {
        switch self {
        case .binary: return "binary file (NUL bytes and no UTF-16 byte-order mark)"
        case .unknownEncoding(let name): return "unknown encoding '\(name)'"
        case .binaryAfterMark(let encoding, let odd, let characters):
            return "binary file: a \(encoding) byte-order mark, then bytes that are not text "
                + "(\(odd) of \(characters) characters are control characters or invalid)"
        }
    }
}

/// Decodes bytes in the encodings scholars' corpora come in: UTF-8 (with or
/// without BOM), UTF-16 LE/BE with BOM, and legacy Chinese encodings
/// (GB18030/GBK/GB2312, Big5) detected by ICU's charset detector.
public enum TextDecoding {
    /// Decodes `bytes`. With `encoding` given, that encoding is used as is;
    /// otherwise a BOM decides, then strict UTF-8, then ICU's detector.
    public static func decode(_ bytes: [UInt8], encoding: String? = nil) throws -> DecodedText {
        try bytes.withUnsafeBufferPointer { try decode($0, encoding: encoding) }
    }

    /// Decodes bytes the caller holds (a file's buffer), without copying them
    /// into an array first: valid UTF-8 is validated and copied into the
    /// string once.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String? = nil) throws -> DecodedText {
        if let encoding {
            return try convert(bytes, from: canonicalName(encoding))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try convert(UnsafeBufferPointer(rebasing: bytes.dropFirst(3)), from: "UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return try unlessBinary(convert(UnsafeBufferPointer(rebasing: bytes.dropFirst(2)), from: "UTF-16LE")) }
        if bytes.starts(with: [0xFE, 0xFF]) { return try unlessBinary(convert(UnsafeBufferPointer(rebasing: bytes.dropFirst(2)), from: "UTF-16BE")) }
        if looksBinary(bytes) { throw DecodingError.binary }
        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, encoding: "UTF-8", replacements: 0)
        }
        if let nearly = nearlyUTF8(bytes) { return nearly }
        let detected = detectWithConfidence(bytes)
        if let (charset, why) = likelierChinese(bytes, detected: detected) {
            var decoded = try convert(bytes, from: charset)
            decoded.guess = why
            return decoded
        }
        return try convert(bytes, from: detected?.name ?? "UTF-8")
    }

    /// UTF-16 decoded after a byte-order mark, unless it is not text: at
    /// least one character in a hundred a C0 or C1 control other than tab,
    /// line feed, form feed and carriage return, or U+FFFD for an unpaired
    /// surrogate. Binary bytes behind a mark decode to such characters
    /// (NUL pairs, lone surrogates); UTF-16 text has next to none.
    static func unlessBinary(_ decoded: DecodedText) throws -> DecodedText {
        var odd = 0, characters = 0
        for v in decoded.text.unicodeScalars {
            characters += 1
            switch v.value {
            case 0x09, 0x0A, 0x0C, 0x0D: break
            case 0x00..<0x20, 0x7F...0x9F, 0xFFFD: odd += 1
            default: break
            }
        }
        if odd > 0 && odd * 100 >= characters {
            throw DecodingError.binaryAfterMark(encoding: decoded.encoding, odd: odd, characters: characters)
        }
        return decoded
    }

    /// GB18030 or Big5, for bytes the detector is unsure of (no multi-byte
    /// charset with confidence 50 or more: a few characters of GBK or Big5
    /// come out as IBM420 or KOI8-R) when they look like double-byte Chinese: at
    /// least half the bytes above 0x7F, and some decoding of the two without
    /// a single invalid sequence. Of two clean decodings, the one whose
    /// characters fall in its encoding's most frequent block wins (GB2312's
    /// first level, lead bytes B0-D7 with trail bytes from A1; Big5's first
    /// level, lead bytes A4-C6); a tie goes to GB18030.
    static func likelierChinese(_ bytes: UnsafeBufferPointer<UInt8>, detected: (name: String, confidence: Int)?) -> (String, String)? {
        let multibyte = [
            "GB18030", "Big5", "EUC-JP", "EUC-KR", "Shift_JIS", "ISO-2022-CN", "ISO-2022-JP", "ISO-2022-KR", "UTF-16LE", "UTF-16BE", "UTF-32LE",
            "UTF-32BE",
        ]
        if let d = detected, multibyte.contains(d.name), d.confidence >= 50 { return nil }
        let high = bytes.lazy.filter { $0 >= 0x80 }.count
        guard high > 0, high * 2 >= bytes.count else { return nil }
        func clean(_ charset: String) -> Bool { ((try? convert(bytes, from: charset))?.replacements ?? 1) == 0 }
        let gb = clean("GB18030"), big5 = clean("Big5")
        guard gb || big5 else { return nil }
        var gbCommon = 0, big5Common = 0
        var i = 0
        while i + 1 < bytes.count {
            let lead = bytes[i], trail = bytes[i + 1]
            if lead < 0x80 { i += 1; continue }
            if (0xB0...0xD7).contains(lead) && trail >= 0xA1 { gbCommon += 1 }
            if (0xA4...0xC6).contains(lead) { big5Common += 1 }
            i += 2
        }
        let choice = gb && (!big5 || gbCommon >= big5Common) ? "GB18030" : "Big5"
        let what = detected.map { "\($0.name), confidence \($0.confidence)" } ?? "no answer"
        return (
            choice,
            "charset detection unsure (\(what)); read as \(choice), the likelier of GB18030 and Big5 for these bytes; set `encoding:` in policytrace.yaml if that is wrong"
        )
    }

    /// How UTF-8 bytes fare: valid multi-byte sequences (scalars from
    /// U+0080) and invalid sequences (each maximal invalid subpart, as
    /// U+FFFD replaces them).
    static func utf8Census(_ bytes: UnsafeBufferPointer<UInt8>) -> (multibyte: Int, invalid: Int) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var multibyte = 0, invalid = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let unit): if unit.count > 1 { multibyte += 1 }
            case .error: invalid += 1
            case .emptyInput: break loop
            }
        }
        return (multibyte, invalid)
    }

    /// UTF-8 with its few invalid sequences replaced by U+FFFD and counted,
    /// for bytes that read as UTF-8 nearly everywhere: at least 20 valid
    /// multi-byte sequences for each invalid one. A stray byte in a UTF-8
    /// file must not send the whole file to the charset detector. Text in a
    /// legacy Chinese encoding has far more invalid sequences than valid ones
    /// (a GBK character forms a valid UTF-8 sequence by chance about one time
    /// in eight), and Latin-1 text has no valid multi-byte sequences at all.
    static func nearlyUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodedText? {
        let census = utf8Census(bytes)
        guard census.invalid > 0, census.multibyte >= 20 * census.invalid else { return nil }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), encoding: "UTF-8", replacements: census.invalid)
    }

    /// Decodes a document that may declare its own charset (an HTML `<meta>`
    /// or an XML declaration): a byte-order mark wins, then the declaration;
    /// a UTF-8 label on bytes that are not UTF-8, or a name ICU does not
    /// know, falls back to detection.
    public static func decode(_ bytes: [UInt8], declared: String?) throws -> DecodedText {
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        guard !hasBOM, let declared else { return try decode(bytes) }
        if ["utf-8", "utf8"].contains(declared.lowercased()) {
            return try decode(bytes, encoding: String(validating: bytes, as: UTF8.self) == nil ? nil : "UTF-8")
        }
        do {
            return try decode(bytes, encoding: declared)
        } catch DecodingError.unknownEncoding {
            return try decode(bytes)
        }
    }

    /// ICU's best guess at the charset of `bytes`, mapped to the superset a
    /// Chinese text should be read with (GB2312 and GBK are read as GB18030).
    static func detect(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer(detect)
    }

    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        detectWithConfidence(bytes)?.name
    }

    static func detectWithConfidence(_ bytes: UnsafeBufferPointer<UInt8>) -> (name: String, confidence: Int)? {
        var name = [CChar](repeating: 0, count: 64)
        let confidence = bytes.withMemoryRebound(to: CChar.self) {
            pt_icu_detect_charset($0.baseAddress, Int64($0.count), &name, Int32(name.count))
        }
        guard confidence >= 0 else { return nil }
        return (canonicalName(String(cString: name)), Int(confidence))
    }

    /// Whether ICU can decode text in the charset `name` (an alias such as
    /// `gbk`, `utf8` or `cp950` counts).
    static func isKnown(_ name: String) -> Bool {
        let none: [UInt8] = []
        return (try? none.withUnsafeBufferPointer { try convert($0, from: canonicalName(name)) }) != nil
    }

    /// The charsets Chinese and English corpora come in, for suggestions.
    static let commonNames = [
        "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "GBK", "GB2312", "Big5", "Big5-HKSCS",
        "windows-1252", "ISO-8859-1", "Shift_JIS", "EUC-JP", "EUC-KR",
    ]

    /// Nil for a known charset; else a sentence saying so, with the nearest
    /// common name (case, dashes and underscores aside; or one or two edits away).
    public static func unknownNameProblem(_ name: String) -> String? {
        if isKnown(name) { return nil }
        func key(_ s: String) -> [Character] { Array(s.lowercased().filter { $0.isLetter || $0.isNumber }) }
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var previous = row[0]
                row[0] = i + 1
                for (j, y) in b.enumerated() {
                    let next = min(row[j + 1] + 1, row[j] + 1, previous + (x == y ? 0 : 1))
                    previous = row[j + 1]
                    row[j + 1] = next
                }
            }
            return row[b.count]
        }
        let k = key(name)
        let nearest = commonNames.map { ($0, distance(k, key($0))) }.min { $0.1 < $1.1 }
        var text = "unknown encoding '\(name)'"
        if let (n, d) = nearest, d <= 2 { text += "; did you mean \(n)?" }
        return text + " (ICU's names and aliases work, e.g. \(commonNames.prefix(7).joined(separator: ", ")))"
    }

    static func canonicalName(_ name: String) -> String {
        switch name.uppercased() {
        case "GB2312", "GBK", "GB18030", "CP936", "EUC-CN": return "GB18030"
        case "BIG5", "BIG-5", "BIG5-HKSCS", "CP950": return "Big5"
        case "UTF8", "UTF-8": return "UTF-8"
        default: return name
        }
    }

    static func looksBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, 0, min(bytes.count, 8192)) != nil
    }

    static func convert(_ bytes: UnsafeBufferPointer<UInt8>, from charset: String) throws -> DecodedText {
        if charset == "UTF-8", let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, encoding: "UTF-8", replacements: 0)
        }
        var capacity = bytes.count * 2 + 16
        while true {
            var out = [UInt8](repeating: 0, count: capacity)
            var replaced: Int64 = 0
            let needed = bytes.withMemoryRebound(to: CChar.self) { s in
                out.withUnsafeMutableBufferPointer { dst in
                    dst.withMemoryRebound(to: CChar.self) { d in
                        pt_icu_convert_to_utf8(charset, s.baseAddress, Int64(s.count), d.baseAddress, Int64(d.count), &replaced)
                    }
                }
            }
            if needed < 0 { throw DecodingError.unknownEncoding(charset) }
            if needed > capacity { capacity = Int(needed); continue }
            out.removeSubrange(Int(needed)...)
            var text = String(decoding: out, as: UTF8.self)
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            return DecodedText(text: text, encoding: charset, replacements: Int(replaced))
        }
    }
}
