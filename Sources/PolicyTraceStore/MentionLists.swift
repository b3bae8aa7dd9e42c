import PolicyTraceExport
import PolicyTraceLexicon
import PolicyTraceTag

/// The `mentions` column of `mention_lists`: a document's mentions as one
/// JSON array of `[concepts, term, lang, text, start, end, utf8_start,
/// utf8_end, page]` (page left out for a document without pages). Written
/// and read here as bytes; SQLite's JSON functions read it in the
/// `mentions` view.
enum MentionLists {
    /// One list being written: mentions appended, then taken whole.
    struct Writer {
        private var bytes: [UInt8] = []
        private(set) var count = 0

        /// Appends `m` (on page `page` of a paginated document).
        mutating func append(_ m: Mention, page: Int?) {
            bytes.append(count == 0 ? 0x5B : 0x2C)
            count += 1
            bytes.append(0x5B)
            bytes.append(0x5B)
            for (i, concept) in m.concepts.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                ByteOutput.appendJSONString(concept, to: &bytes)
            }
            bytes.append(0x5D)
            func string(_ s: String) {
                bytes.append(0x2C)
                ByteOutput.appendJSONString(s, to: &bytes)
            }
            string(m.term)
            string(m.language.rawValue)
            string(m.text)
            func number(_ n: Int) {
                bytes.append(0x2C)
                ByteOutput.appendDecimal(n, to: &bytes)
            }
            number(m.start)
            number(m.end)
            number(m.utf8Start)
            number(m.utf8End)
            if let page { number(page) }
            bytes.append(0x5D)
        }

        /// Hands `body` the list written so far, closed, and starts an empty one.
        mutating func take(_ body: ([UInt8]) throws -> Void) rethrows {
            if count == 0 { bytes.append(0x5B) }
            bytes.append(0x5D)
            defer {
                bytes.removeAll(keepingCapacity: true)
                count = 0
            }
            try body(bytes)
        }
    }

    struct Malformed: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "a mention list of the store is not what PolicyTrace writes (byte \(offset))" }
    }

    /// The mentions of one stored list, in order.
    static func mentions(_ list: String) throws -> [Mention] {
        var list = list
        return try list.withUTF8 { bytes in
            var p = Parser(bytes: bytes)
            return try p.list()
        }
    }

    /// A reader of the JSON `append` writes (and SQLite's `json_group_array`
    /// of a store made before lists), without building JSON values.
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func list() throws -> [Mention] {
            var out: [Mention] = []
            try expect(0x5B)
            if try peek() == 0x5D { return out }
            repeat { out.append(try mention()) } while try separator(closing: 0x5D)
            return out
        }

        mutating func mention() throws -> Mention {
            try expect(0x5B)
            try expect(0x5B)
            var concepts: [String] = []
            if try peek() == 0x5D {
                i += 1
            } else {
                repeat { concepts.append(try string()) } while try separator(closing: 0x5D)
            }
            try expect(0x2C)
            let term = try string()
            try expect(0x2C)
            let lang = try string()
            try expect(0x2C)
            let text = try string()
            var numbers: [Int] = []
            while try separator(closing: 0x5D) {
                if try peek() == 0x6E {  // null: a page-less document's page, as SQLite writes it
                    i += 4
                    continue
                }
                numbers.append(try integer())
            }
            guard numbers.count >= 4 else { throw Malformed(offset: i) }
            return Mention(
                concepts: concepts, term: term, language: Language(rawValue: lang) ?? .en, text: text,
                start: numbers[0], end: numbers[1], utf8Start: numbers[2], utf8End: numbers[3])
        }

        func peek() throws -> UInt8 {
            guard i < bytes.count else { throw Malformed(offset: i) }
            return bytes[i]
        }

        mutating func expect(_ b: UInt8) throws {
            guard try peek() == b else { throw Malformed(offset: i) }
            i += 1
        }

        /// After an element: true past a comma, false past `closing`.
        mutating func separator(closing: UInt8) throws -> Bool {
            let b = try peek()
            i += 1
            if b == 0x2C { return true }
            if b == closing { return false }
            throw Malformed(offset: i - 1)
        }

        mutating func integer() throws -> Int {
            let negative = try peek() == 0x2D
            if negative { i += 1 }
            var n = 0, digits = 0
            while i < bytes.count, bytes[i] &- 0x30 < 10 {
                n = n * 10 + Int(bytes[i] &- 0x30)
                i += 1
                digits += 1
            }
            guard digits > 0 else { throw Malformed(offset: i) }
            return negative ? -n : n
        }

        mutating func string() throws -> String {
            try expect(0x22)
            let start = i
            while i < bytes.count, bytes[i] != 0x22, bytes[i] != 0x5C { i += 1 }
            guard i < bytes.count else { throw Malformed(offset: i) }
            if bytes[i] == 0x22 {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            }
            var out = Array(bytes[start..<i])
            while true {
                let b = try peek()
                i += 1
                if b == 0x22 { return String(decoding: out, as: UTF8.self) }
                guard b == 0x5C else {
                    out.append(b)
                    continue
                }
                let e = try peek()
                i += 1
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    var scalar = try hex4()
                    if scalar & 0xFC00 == 0xD800, i + 6 <= bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 {
                        i += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
                default: out.append(e)  // \" \\ \/
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= bytes.count else { throw Malformed(offset: i) }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                i += 1
                switch b {
                case 0x30...0x39: v = v * 16 + UInt32(b - 0x30)
                case 0x41...0x46: v = v * 16 + UInt32(b - 0x37)
                case 0x61...0x66: v = v * 16 + UInt32(b - 0x57)
                default: throw Malformed(offset: i - 1)
                }
            }
            return v
        }
    }
}
