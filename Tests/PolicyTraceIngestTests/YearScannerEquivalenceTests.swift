import Foundation
import XCTest

@testable import PolicyTraceIngest

/// The byte scanners of the year rules find what the regular expressions
/// they replace found (`RegexYearOracle.swift`): the same years, dates and
/// session mentions, at the same places, on generated texts full of the
/// forms, their near misses and the Unicode corners ICU treats specially
/// (case folding of `ſ ß K ﬁ`, combining and format characters at word
/// boundaries, surrogate pairs at window edges, every line terminator).
final class YearScannerEquivalenceTests: XCTestCase {
    private static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fragments: [String] = [
        "第十二届全国人民代表大会第二次会议", "十二届全国人大二次会议", "全国政协十三届三次会议", "中国人民政治协商会议第十二届全国委员会第二次会议",
        "第一屆全國人民代表大會第一次會議", "第四届全国人民代表大会", "全国人大第十届第五次会议", "第十二届全国政协第二次全体会议", "二〇一四十二届",
        "第十二届全国人民代表大会常务委员会", "七届全国人大三次会议", "第二届全国人民代表大会第三次会议", "第十五届全国人民代表大会", "第?届", "届",
        "在", "向", "上", "通过", "通过）", "批准)", "以来", "作", "提出", "报告", "听取", "审议", "关于", "的决议", "上通过", "精神", "代表", "\u{FA1D}神",
        "\n", "\r\n", "\r", " ", "  ", "\u{3000}", "。", "（", "(", ")", "）", "\u{2028}", "\u{0B}", "\u{85}", "\u{0C}", "\u{A0}", "\t",
        "2014年7月24日", "2014 年 07 月 24 日", "二〇一四年七月二十四日", "一九八三年六月", "2014-07-30", "2014/7/3", "2014.07.30", "2014-07/30",
        "July 30, 2014", "30 July 2014", "30th of July, 2014", "Sept. 5 2014", "ſept 5, 2014", "JAN 1st, 1999", "1st January 2001", "5 Mayday 2014",
        "2014-13-40", "12014-01-01", "2014-07-3", "1799年1月1日", "June 5th 20145", "December 31 2100", "3 of March 2000", "Mar., 2014",
        "成文日期：", "发布日期", "日期:", "Date: ", "Dated ", "Issued on ", "issued only ", "date of issue ", "Published ", "issue date: ", "RELEASE DATE",
        "Second Session of the 12th National People's Congress", "Report to the Fifth National People's Congress",
        "at the Third Plenary Session of the Eleventh NPC",
        "First Session of the 13th CPPCC National Committee",
        "Second Session of the Twelfth National Committee of the Chinese People’s Political Consultative Conference",
        "to the 5th NPC's Standing Committee", "ﬁrst ſession of the 12th NPC", "Delivered at the ", "adopted ", "Approved at ", "to the ",
        "before the ",
        "npc", "congress", "NPCs", "21th session of the 3rd NPC", "123th",
        "Fourth Session of the Fourteenth Chinese People's Political Consultative Conference National Committee",
        "2014", "1958年以来", "2013年", "第2014", "2014%", "2014.5", "2014,5", "二〇〇一年", "[2014]", "〔2014〕", "（ 2014 ）", "２０１４", "○", "Ｏ", "屆", "\u{200B}",
        "\u{0301}", "\u{00AD}", "\u{20000}", "ß", "K", "e", "x", "中", "a", "_", "自", "从", "起", "until ", "since ", "as of ", "截至", "本意见自",
        "各地区各部门要认真贯彻落实。", "The State Council issued an opinion. ", "20140730", "gwr_2014", "_1949.", "2014/", "2101", "19", "本作品",
    ]

    /// A small deterministic generator (xorshift), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
    }

    func texts(_ count: Int, seed: UInt64) -> [String] {
        var g = Generator(state: seed)
        let filler = String(repeating: "各地区各部门要认真贯彻落实。", count: 25)
        return (0..<count).map { k in
            var s = ""
            for _ in 0..<(1 + g.next(14)) { s += Self.fragments[g.next(Self.fragments.count)] }
            switch k % 4 {
            case 1: return filler + s
            case 2: return s + filler + String(repeating: "x\u{20000}", count: g.next(4)) + Self.fragments[g.next(Self.fragments.count)]
            case 3: return s + filler + s
            default: return s
            }
        }
    }

    private func utf16(_ s: String, _ byte: Int) -> Int {
        s.utf16.distance(from: s.startIndex, to: s.utf8.index(s.utf8.startIndex, offsetBy: byte))
    }

    func testResolutionMatchesTheRegularExpressions() {
        var sources: [YearSource?: Int] = [:]
        for s in texts(6000, seed: 0x9E37_79B9_7F4A_7C15) {
            XCTAssertEqual(YearText.normalize(s), OldYearText.normalize(s), s)
            let resolved = YearResolver.resolve(metadataYear: nil, metadataDate: nil, title: nil, docNumber: nil, text: s, filename: nil)
            XCTAssertEqual(
                resolved, OldYearResolver.resolve(metadataYear: nil, metadataDate: nil, title: nil, docNumber: nil, text: s, filename: nil), s)
            sources[resolved?.source, default: 0] += 1
            XCTAssertEqual(YearResolver.year(title: s), OldYearResolver.year(title: s), s)
            XCTAssertEqual(YearResolver.year(docNumber: s), OldYearResolver.year(docNumber: s), s)
            XCTAssertEqual(YearResolver.year(metadataYear: s), OldYearResolver.year(metadataYear: s), s)
            XCTAssertEqual(YearResolver.year(metadataDate: s), OldYearResolver.year(metadataDate: s), s)
            XCTAssertEqual(YearResolver.year(filename: s), OldYearResolver.year(filename: s), s)
        }
        // The texts reach every text rule, and miss often enough.
        for source: YearSource? in [.dateText, .session, nil] { XCTAssertGreaterThan(sources[source] ?? 0, 100, "\(String(describing: source))") }
    }

    func testDatesAndMentionsMatchTheRegularExpressions() {
        var dateCount = 0, chinese = 0, english = 0, own = 0
        for raw in texts(6000, seed: 0xD1B5_4A32_D192_ED03) {
            let s = YearText.normalize(raw)
            let old = UText(s)
            let dates = DateFinder.dates(in: s).map {
                "\(utf16(s, $0.range.lowerBound))+\(utf16(s, $0.range.upperBound)) \($0.year)-\($0.month)-\($0.day)"
            }
            let oldDates = OldDateFinder.dates(in: old).map {
                "\($0.range.location)+\($0.range.location + $0.range.length) \($0.year)-\($0.month)-\($0.day)"
            }
            XCTAssertEqual(dates, oldDates, s)
            let mentions = ScanText.with(s) { t in
                SessionFinder.mentions(in: t).map {
                    "\(utf16(s, $0.range.lowerBound))+\(utf16(s, $0.range.upperBound)) \($0.congress) \($0.term) \(String(describing: $0.session)) \($0.english) \(SessionFinder.namesOwnSession(t, $0))"
                }
            }
            let oldMentions = OldSessionFinder.mentions(in: old).map {
                "\($0.range.location)+\($0.range.location + $0.range.length) \($0.congress) \($0.term) \(String(describing: $0.session)) \($0.english) \(OldSessionFinder.namesOwnSession(old, $0))"
            }
            XCTAssertEqual(mentions, oldMentions, s)
            dateCount += dates.count
            chinese += oldMentions.filter { $0.contains(" false ") }.count
            english += oldMentions.filter { $0.contains(" true ") }.count
            own += oldMentions.filter { $0.hasSuffix(" true") }.count
        }
        XCTAssertGreaterThan(dateCount, 2000)
        XCTAssertGreaterThan(chinese, 2000)
        XCTAssertGreaterThan(english, 500)
        XCTAssertGreaterThan(own, 200)
    }

    func testCorpusTextsResolveAsBefore() throws {
        let url = Self.repoRoot.appendingPathComponent("Corpus/government_work_reports.jsonl")
        for line in try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline) {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let content = try XCTUnwrap(object["content"] as? String)
            XCTAssertEqual(
                YearResolver.resolve(metadataYear: nil, metadataDate: nil, title: nil, docNumber: nil, text: content, filename: nil),
                OldYearResolver.resolve(metadataYear: nil, metadataDate: nil, title: nil, docNumber: nil, text: content, filename: nil))
            let s = YearText.normalize(content)
            let mentions = ScanText.with(s) { t in
                SessionFinder.mentions(in: t).map {
                    "\(utf16(s, $0.range.lowerBound)) \($0.term) \(String(describing: $0.session)) \(SessionFinder.namesOwnSession(t, $0))"
                }
            }
            let old = UText(s)
            XCTAssertEqual(
                mentions,
                OldSessionFinder.mentions(in: old).map {
                    "\($0.range.location) \($0.term) \(String(describing: $0.session)) \(OldSessionFinder.namesOwnSession(old, $0))"
                })
        }
    }

    /// The plain-text title taken from the first line's bytes is the one the character-wise rule gave.
    func testFirstLineTitleMatchesTheCharacterRule() {
        let edges = ["", "\n", "\r\n", "\u{2028}", " ", "\u{200B}", "\u{3000}", "\t", "# ", "## ", "#\u{0301}", " \u{0301}", "\u{85}"]
        var g = Generator(state: 7)
        for s in texts(3000, seed: 99) {
            let text = edges[g.next(edges.count)] + edges[g.next(edges.count)] + s + edges[g.next(edges.count)]
            let head = text.drop(while: \.isNewline).prefix { !$0.isNewline }
            let firstLine = head.isEmpty ? nil : head.trimmingCharacters(in: .whitespaces)
            let expected = firstLine.map { $0.hasPrefix("#") ? String($0.drop { $0 == "#" || $0 == " " }) : $0 }.flatMap {
                $0.count <= 120 ? $0 : nil
            }
            XCTAssertEqual(CorpusReader.firstLineTitle(text), expected, text)
        }
    }

    func testLanguageGuessMatchesTheScalarCount() {
        for s in texts(2000, seed: 42) + [
            "", "abc", String(repeating: "中", count: 5000) + "abc", String(repeating: "a\u{20000}", count: 3000) + "中文",
            // ASCII read eight bytes at a time, up to the 4,000th scalar exactly.
            String(repeating: "a", count: 3000) + String(repeating: "中", count: 5000),
            String(repeating: "a", count: 3997) + String(repeating: "中", count: 5000),
            String(repeating: "Az@[`{ 9", count: 499) + "中中中中" + String(repeating: "z", count: 100),
            String(repeating: "㐀䶿䷀一鿿ꀀ", count: 700) + String(repeating: "x", count: 4000),
        ] {
            var han = 0, latin = 0
            for u in s.unicodeScalars.prefix(4000) {
                if (0x4E00...0x9FFF).contains(u.value) || (0x3400...0x4DBF).contains(u.value) {
                    han += 1
                } else if (0x41...0x5A).contains(u.value) || (0x61...0x7A).contains(u.value) {
                    latin += 1
                }
            }
            let expected = han == 0 && latin == 0 ? "und" : han >= latin * 4 ? "zh" : latin >= han * 4 ? "en" : "mixed"
            XCTAssertEqual(Document.guessLanguage(s), expected)
        }
    }

    /// The head and tail windows of the date rule, found on the bytes when
    /// every scalar on the way is its own character, are the windows String
    /// counts in characters; where a scalar could join a neighbour (combining
    /// marks, CR LF, emoji, format characters) the byte path declines.
    func testByteWindowsAreTheCharacterWindows() throws {
        var found = 0, declined = 0
        let extra = ["", " \n", "\u{3000}", "\r\n", "e\u{0301}", "🇨🇳", "👍🏽", "\u{200D}", "한국", "\u{0B}"]
        var g = Generator(state: 7)
        let url = Self.repoRoot.appendingPathComponent("Corpus/government_work_reports.jsonl")
        let reports = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).prefix(40).map { line in
            YearText.normalize((try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["content"] as! String)
        }
        let generated = texts(600, seed: 11).enumerated().map { k, base in extra[k % extra.count] + base + extra[g.next(extra.count)] }
        for text in generated + reports {
            let expected = YearResolver.characterWindows(text)
            switch ScanText.with(text, YearResolver.simpleWindows) {
            case .blank: XCTAssertNil(expected, text)
            case .found(let head, let tail):
                found += 1
                XCTAssertEqual(expected?.0, head, text)
                XCTAssertEqual(expected?.1, tail, text)
            case .unsure: declined += 1
            }
        }
        XCTAssertGreaterThan(found, 40)
        XCTAssertGreaterThan(declined, 50)
    }
}
