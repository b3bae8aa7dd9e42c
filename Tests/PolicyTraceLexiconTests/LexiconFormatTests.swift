import Foundation
import PolicyTraceText
import XCTest

@testable import PolicyTraceLexicon

final class LexiconFormatTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func defaultLexicon() throws -> Lexicon {
        try LexiconReader.load(paths: [root.appendingPathComponent("Lexicons").path]).0
    }

    /// Concept ID → terms as (text, language), without places.
    func shape(_ concepts: [Concept]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: concepts.map { c in (c.id, c.terms.map { "\($0.language.rawValue):\($0.text)" }.sorted()) })
    }

    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testQuantedaNestedKeysBecomeDotJoinedConceptIDs() {
        let (concepts, problems) = QuantedaFormat.parse(
            """
            # Laver & Garry style, with a Chinese branch
            ECONOMY:
              +STATE+:
                - accommodation
                - "state ownership"
                - subsidi*
              -STATE-:
                - privati*
            hukou:
              reform:
                - 户籍制度改革
                - 落户*
              __:
                - household registration system
            Positive Emotion: [good, nice]
            """, file: "lg.yml")
        XCTAssertEqual(concepts.map(\.id), ["ECONOMY", "ECONOMY.+STATE+", "ECONOMY.-STATE-", "hukou", "hukou.reform", "Positive_Emotion"])
        let s = shape(concepts)
        XCTAssertEqual(s["ECONOMY"], [])
        XCTAssertEqual(s["ECONOMY.+STATE+"], ["en:accommodation", "en:state ownership", "en:subsidi*"])
        XCTAssertEqual(s["hukou"], ["en:household registration system"])
        XCTAssertEqual(s["hukou.reform"], ["zh:户籍制度改革", "zh:落户"])
        XCTAssertEqual(concepts[4].terms[0].location, SourceLocation(file: "lg.yml", line: 11, column: 7))
        XCTAssertEqual(concepts[0].source, "imported from lg.yml (quanteda YAML)")
        XCTAssertTrue(problems.contains { $0.severity == .warning && $0.message.contains("`落户*` read as `落户`") })
        XCTAssertTrue(problems.contains { $0.severity == .warning && $0.message.contains("`Positive_Emotion`") })
        XCTAssertFalse(problems.contains { $0.severity == .error }, "\(problems)")
        XCTAssertEqual(LexiconValidator.validate(Lexicon(concepts: concepts)).filter { $0.severity == .error }, [])
    }

    func testGlobsPolicyTraceCannotRepresentAreErrorsAtTheirLine() {
        let (_, problems) = QuantedaFormat.parse("populism:\n  - elit*\n  - \"*deceit*\"\n  - z??\n", file: "p.yml")
        let errors = problems.filter { $0.severity == .error }.map(\.description)
        XCTAssertEqual(errors.count, 2, "\(errors)")
        XCTAssertTrue(errors[0].hasPrefix("p.yml:3:5: error: glob `*deceit*` cannot be represented"), errors[0])
        XCTAssertTrue(errors[1].hasPrefix("p.yml:4:5: error: glob `z??`"), errors[1])
        let (_, liwc) = LIWCFormat.parse("%\n1\tx\n%\nab*c\t1\n", file: "x.dic")
        XCTAssertEqual(liwc.filter { $0.severity == .error }.map(\.description).first?.hasPrefix("x.dic:4:1: error: glob `ab*c`"), true)
    }

    func testReadsLIWCDictionaries() {
        let (concepts, problems) = LIWCFormat.parse(
            """
            \u{FEFF}%
            1\tsocial
            \t2\tfamily
            \t3\tfriend\t(Friends)
            4\thukou.reform
            %
            brother*\t1\t2
            pal\t1 3
            kind of\t1
            like\t(02 134)125/464\t1
            户籍制度改革\t4
            mystery\t99
            """, file: "t.dic")
        XCTAssertEqual(concepts.map(\.id), ["social", "social.family", "social.friend", "hukou", "hukou.reform"])
        let s = shape(concepts)
        XCTAssertEqual(s["social"], ["en:kind of", "en:like"])
        XCTAssertEqual(s["social.family"], ["en:brother*"])
        XCTAssertEqual(s["social.friend"], ["en:pal"])
        XCTAssertEqual(s["hukou.reform"], ["zh:户籍制度改革"])
        XCTAssertEqual(concepts[4].terms[0].location?.line, 11)
        XCTAssertTrue(problems.contains { $0.severity == .warning && $0.location?.line == 10 && $0.message.contains("parenthesised") })
        XCTAssertTrue(problems.contains { $0.message.contains("category 99 is not in the category table") && $0.location?.line == 12 })
        XCTAssertTrue(problems.contains { $0.severity == .info && $0.message.contains("2 term(s)") })
    }

    func testRoundTripThroughQuantedaKeepsIDsAndTerms() throws {
        let lexicon = try defaultLexicon()
        let yaml = QuantedaFormat.write(lexicon)
        XCTAssertTrue(yaml.contains("hukou:\n  status:\n    - \"hukou\"\n"), String(yaml.prefix(400)))
        XCTAssertTrue(yaml.contains("  __:\n    - \"hukou system*\""))
        XCTAssertEqual(LexiconFormat.detect(path: "x.yml", text: yaml), .quanteda)
        let (back, problems) = QuantedaFormat.parse(yaml, file: "x.yml")
        XCTAssertEqual(problems.filter { $0.severity != .info }, [])
        XCTAssertEqual(shape(back), shape(lexicon.concepts))
        XCTAssertEqual(Set(back.map(\.id)), Set(lexicon.concepts.map(\.id)))
    }

    /// quanteda's tokens_lookup compares a value token by token with ICU word
    /// tokens, so every exported Chinese value must be the ICU tokens of its
    /// term joined by spaces, and tokenising the value again must give it
    /// back whole (a value left as `户籍制度改革` is three tokens and never matches).
    func testQuantedaValuesAreWholeICUTokenSequences() throws {
        let lexicon = try defaultLexicon()
        let yaml = QuantedaFormat.write(lexicon)
        // Every list item is `- "value"` (no value of the default lexicons has a quote or backslash).
        let values = yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("- \"") && $0.hasSuffix("\"") }.map { String($0.dropFirst(3).dropLast()) }
        XCTAssertGreaterThan(values.count, 900)
        let zh = values.filter { $0.unicodeScalars.contains { $0.properties.isIdeographic } }
        XCTAssertEqual(
            Set(zh.map { $0.replacingOccurrences(of: " ", with: "") }),
            Set(lexicon.concepts.flatMap(\.terms).filter { $0.language == .zh }.map(\.text)))
        var multi = 0
        for value in values {
            let bare = value.hasSuffix("*") ? String(value.dropLast()) : value
            XCTAssertEqual(WordTokens.tokens(bare).joined(separator: " "), bare, "re-tokenised value `\(value)` is not whole")
            XCTAssertFalse(bare.contains("  ") || bare.hasPrefix(" ") || bare.hasSuffix(" "), value)
            if bare.contains(" ") && zh.contains(value) { multi += 1 }
        }
        // The term's own tokens (segmented without the spaces) are the value's.
        for t in lexicon.concepts.flatMap(\.terms) where t.language == .zh {
            XCTAssertTrue(values.contains(WordTokens.tokens(t.text).joined(separator: " ")), t.text)
        }
        XCTAssertGreaterThan(multi, 400, "most Chinese terms are several ICU tokens")
        XCTAssertTrue(values.contains("户籍 制度 改革"), "户籍制度改革 is 户籍/制度/改革")
        // English: hyphenated words stay one token (quanteda's split_hyphens = FALSE), with the spaced variant beside.
        XCTAssertTrue(values.contains("rural-to-urban migrant*") && values.contains("rural to urban migrant*"))
        XCTAssertTrue(values.contains("workers ' compensation"), "ICU splits the closing apostrophe off")
    }

    func testWordTokensFollowICUAndKeepHyphenatedWords() {
        XCTAssertEqual(WordTokens.tokens("推进户籍制度改革，"), ["推进", "户籍", "制度", "改革", "，"])
        XCTAssertEqual(
            WordTokens.tokens("Rural-to-urban  migrants' rights - left-"), ["Rural-to-urban", "migrants", "'", "rights", "-", "left", "-"])
        XCTAssertEqual(WordTokens.tokens(""), [])
    }

    func testLIWCExportWritesMultiWordEntriesAndLIWC22ReadsItsTable() throws {
        let lexicon = try defaultLexicon()
        let dic = LIWCFormat.write(lexicon)
        XCTAssertTrue(dic.contains("\n户籍 制度 改革\t"), "a Chinese entry is its words separated by spaces")
        let dicx = LIWC22Format.write(lexicon)
        XCTAssertTrue(dicx.hasPrefix("DicTerm,community_exclusion,community_exclusion.physical_quality,"), String(dicx.prefix(120)))
        XCTAssertTrue(dicx.contains("\n户籍 制度 改革,"))
        let (back, problems) = LIWC22Format.parse(dicx, file: "x.dicx")
        XCTAssertEqual(problems.filter { $0.severity != .info }, [])
        XCTAssertEqual(shape(back), shape(lexicon.concepts))
        XCTAssertEqual(LexiconFormat.dicx.write(lexicon).0, dicx)
    }

    /// A table as LIWC-22's dictionary editor saves it: BOM, CRLF, `X` marks,
    /// a quoted entry with a comma, a weighted cell, a parent column.
    func testReadsLIWC22DicxTables() throws {
        let text = "\u{FEFF}DicTerm,social,social.family,hukou.reform\r\nbrother*,X,X,\r\n\"well, then\",X,,\r\n户籍 制度 改革,,,0.5\r\nnobody,,,0\r\n"
        let (concepts, problems) = LIWC22Format.parse(text, file: "t.dicx")
        let s = shape(concepts)
        XCTAssertEqual(s["social"], ["en:well, then"])
        XCTAssertEqual(s["social.family"], ["en:brother*"])
        XCTAssertEqual(s["hukou.reform"], ["zh:户籍制度改革"])
        XCTAssertEqual(concepts.first { $0.id == "hukou.reform" }?.terms.first?.location?.line, 4)
        XCTAssertTrue(problems.contains { $0.severity == .warning && $0.message.contains("`nobody` has no category") && $0.location?.line == 5 })
        let file = try temporaryFile("t.dicx", text)
        let (lexicon, _) = try LexiconReader.load(paths: [(file as NSString).deletingLastPathComponent])
        XCTAssertEqual(lexicon.concepts.map(\.id), ["social", "social.family", "hukou", "hukou.reform"])
        let (_, bad) = LIWC22Format.parse("just one column\n", file: "b.dicx")
        XCTAssertEqual(bad.first?.severity, .error)
    }

    func testRoundTripThroughLIWCKeepsIDsAndTerms() throws {
        let lexicon = try defaultLexicon()
        let dic = LIWCFormat.write(lexicon)
        XCTAssertTrue(dic.hasPrefix("%\n1\tcommunity_exclusion\n2\tcommunity_exclusion.physical_quality\n"), String(dic.prefix(80)))
        XCTAssertTrue(dic.contains("\n失业\t"), "a shared term is one line with both categories")
        let (back, problems) = LIWCFormat.parse(dic, file: "x.dic")
        XCTAssertEqual(problems.filter { $0.severity != .info }, [])
        XCTAssertEqual(shape(back), shape(lexicon.concepts))
        XCTAssertEqual(back.map(\.id), lexicon.concepts.map(\.id))
    }

    func testOwnFormatRoundTripsThroughTheWriter() throws {
        let lexicon = try defaultLexicon()
        let (back, problems) = LexiconReader.parse(LexiconWriter.yaml(lexicon.concepts, header: "test"), file: "w.yaml")
        XCTAssertEqual(problems, [])
        func strip(_ cs: [Concept]) -> [Concept] {
            cs.map { c in
                var c = c
                c.location = nil
                // The writer lists each language once, en before zh.
                func plain(_ ts: [Term]) -> [Term] {
                    Language.allCases.flatMap { l in ts.filter { $0.language == l }.map { Term($0.text, language: l) } }
                }
                c.terms = plain(c.terms)
                c.exclusions = plain(c.exclusions)
                c.rules = c.rules.map {
                    var r = $0; r.location = nil; return r
                }
                return c
            }
        }
        XCTAssertEqual(back.count, lexicon.concepts.count)
        for (a, b) in zip(strip(back), strip(lexicon.concepts)) {
            XCTAssertEqual(a.id, b.id)
            XCTAssertEqual(a.labels, b.labels, a.id)
            XCTAssertEqual(a.source, b.source, a.id)
            XCTAssertEqual(a.definition, b.definition, a.id)
            XCTAssertEqual(a.terms, b.terms, a.id)
            XCTAssertEqual(a.exclusions, b.exclusions, a.id)
            XCTAssertEqual(a.rules, b.rules, a.id)
            XCTAssertEqual(a.notes, b.notes, a.id)
        }
    }

    func testLoadReadsEachFileInItsOwnFormat() throws {
        let quanteda = try temporaryFile("extra.yml", "housing:\n  - 保障性住房\n  - affordable housing\n")
        let liwc = try temporaryFile("extra.dic", "%\n1\tschooling\n%\n随迁子女\t1\n")
        let ours = root.appendingPathComponent("Lexicons/hukou.yaml").path
        let (lexicon, _) = try LexiconReader.load(paths: [ours, quanteda, liwc])
        XCTAssertEqual(lexicon.concepts.map(\.id), ["hukou", "hukou.status", "hukou.reform", "hukou.residence_permit", "housing", "schooling"])
        XCTAssertEqual(lexicon.concept("housing")?.terms.map(\.language), [.zh, .en])
        let broken = try temporaryFile("bad.yml", "populism:\n  - \"*deceit*\"\n")
        XCTAssertThrowsError(try LexiconReader.load(paths: [broken])) { error in
            XCTAssertTrue("\(error)".contains("bad.yml:2:5: error: glob `*deceit*`"), "\(error)")
        }
    }

    func testDetectsFormats() {
        XCTAssertEqual(LexiconFormat.detect(path: "a.dic", text: "%\n"), .liwc)
        XCTAssertEqual(LexiconFormat.detect(path: "a.DICX", text: "DicTerm,a\n"), .dicx)
        XCTAssertEqual(LexiconFormat.detect(path: "a.yaml", text: "concepts:\n  - id: a\n"), .policytrace)
        XCTAssertEqual(LexiconFormat.detect(path: "a.yaml", text: "concepts: [a, b]\n"), .quanteda)
        XCTAssertEqual(LexiconFormat.detect(path: "a.yml", text: "a:\n  b: [x]\n"), .quanteda)
        XCTAssertEqual(LexiconFormat.detect(path: "a.yml", text: "concepts: [x\n"), .policytrace, "a YAML error is reported by our reader")
    }

    func testContainedTermIsNotReportedWhenTheLongerTermCarriesTheConceptToo() {
        let lexicon = Lexicon(concepts: [
            Concept(id: "a", terms: [Term("失业", language: .zh), Term("失业人员", language: .zh)]),
            Concept(id: "b", terms: [Term("失业人员", language: .zh), Term("就业", language: .zh)]),
            Concept(id: "c", terms: [Term("再就业", language: .zh)]),
        ])
        let infos = LexiconValidator.validate(lexicon).filter { $0.code == "contained-term" }.map(\.message)
        XCTAssertEqual(infos.count, 1, "\(infos)")
        XCTAssertTrue(infos[0].hasPrefix("`就业` (b) is contained in `再就业` (c)"), "\(infos)")
    }

    /// The containment check finds its candidates with an automaton; it must
    /// report exactly what comparing every pair reports, in the same order,
    /// on terms that share prefixes, suffixes and middles, repeat across
    /// concepts, and differ only by Traditional or full-width forms.
    func testContainedTermsMatchThePairwiseDefinition() {
        let stems = [
            "就业", "再就业", "失业", "失业人员", "人员", "户籍", "戶籍", "户籍制度", "户籍制度改革", "制度", "改革",
            "农民工", "农民", "民工", "ＡＩＤＳ防治", "AIDS", "防治", "就业服务", "服务", "社会保险", "保险", "社会",
        ]
        var concepts: [Concept] = []
        for (i, stem) in stems.enumerated() {
            let id = "c\(i % 5)"
            if let k = concepts.firstIndex(where: { $0.id == id }) {
                concepts[k].terms.append(Term(stem, language: .zh, location: SourceLocation(file: "t.yaml", line: i, column: 1)))
            } else {
                concepts.append(Concept(id: id, terms: [Term(stem, language: .zh, location: SourceLocation(file: "t.yaml", line: i, column: 1))]))
            }
        }
        concepts.append(Concept(id: "c9", terms: [Term("户籍制度改革", language: .zh), Term("再就业服务", language: .zh)]))
        let lexicon = Lexicon(concepts: concepts)
        let fold = FoldTable.shared
        let zh = lexicon.concepts.flatMap { c in c.terms.filter { $0.language == .zh }.map { (c, $0, fold.foldedString($0.text)) } }
        let conceptsOfTerm = Dictionary(grouping: zh, by: \.2).mapValues { Set($0.map(\.0.id)) }
        var expected: [String] = []
        for (c, t, f) in zh {
            for (c2, t2, f2) in zh where c2.id != c.id && f2.count > f.count && f2.contains(f) && !(conceptsOfTerm[f2]?.contains(c.id) ?? false) {
                expected.append(
                    "`\(t.text)` (\(c.id)) is contained in `\(t2.text)` (\(c2.id)) at \(t2.location?.description ?? "?"): inside it only the longer term counts"
                )
            }
        }
        let found = LexiconValidator.validate(lexicon).filter { $0.code == "contained-term" }.map(\.message)
        XCTAssertGreaterThan(expected.count, 20)
        XCTAssertEqual(found, expected)
    }
}
