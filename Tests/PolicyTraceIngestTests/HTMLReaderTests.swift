import Foundation
import XCTest

@testable import PolicyTraceIngest

private func htmlFixture(_ name: String) throws -> [UInt8] {
    let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("html/\(name)")
    return Array(try Data(contentsOf: url))
}

private func html(_ body: String, head: String = "") throws -> ExtractedPage {
    try HTMLReader.read(Array("<html><head>\(head)</head><body>\(body)</body></html>".utf8))
}

final class HTMLReaderTests: XCTestCase {
    func testGovPolicyPageMetadataTableAndMetaTags() throws {
        let page = try HTMLReader.read(htmlFixture("gov_policy_page.html"))
        XCTAssertEqual(page.encoding, "UTF-8")
        XCTAssertEqual(page.title, "国务院关于进一步推进户籍制度改革的意见")
        let m = page.metadata
        XCTAssertEqual(m["title"], "国务院关于进一步推进户籍制度改革的意见")
        XCTAssertEqual(m["issuer"], "国务院")
        XCTAssertEqual(m["doc_number"], "国发〔2014〕25号")
        XCTAssertEqual(m["date"], "2014年07月24日")
        XCTAssertEqual(m["published"], "2014年07月30日")
        XCTAssertEqual(m["subject"], "公安、安全、司法\\户籍管理")
        XCTAssertEqual(m["index_number"], "000014349/2014-00065")
        XCTAssertEqual(m["keywords"], "户籍制度改革 居住证 城镇化")
        XCTAssertEqual(m["description"], "国务院关于进一步推进户籍制度改革的意见")
        XCTAssertEqual(m["og:title"], "国务院关于进一步推进户籍制度改革的意见")
        XCTAssertEqual(m["pubdate"], "2014-07-30 18:05")
        XCTAssertEqual(m["contentsource"], "中国政府网")
        XCTAssertNil(m["x-ua-compatible"])
    }

    func testGovPolicyPageVisibleTextOnly() throws {
        let page = try HTMLReader.read(htmlFixture("gov_policy_page.html"))
        let text = page.text
        for sentence in [
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            "（五）推进以人为核心的新型城镇化。\n\n城镇化是现代化的必由之路，是破除城乡二元结构的重要依托。",
            // A source line break inside the sentence, between ideographs, leaves no space.
            "坚持走以人为本、四化同步、优化布局、生态文明、传承文化的新型城镇化道路，遵循发展规律",
            // Inline <span> and a line break in the source.
            "对未落户的农业转移人口，建立居住证制度。",
            "推动户籍制度改革，实行不同规模城市差别化落户政策。",
            "让我们的城镇各具特色、宜业宜居，更加充满活力。\n\n国务院\n2014年7月24日\n\n（此件公开发布）",
            "发文字号：\t国发〔2014〕25号\t发布日期：\t2014年07月30日",
        ] {
            XCTAssertTrue(text.contains(sentence), "missing: \(sentence)")
        }
        XCTAssertTrue(text.hasPrefix("索 引 号：\t000014349/2014-00065"), String(text.prefix(80)))
        for chrome in [
            "_hmt", "document.write", "脚本写入的文字", "border", "hm.baidu.com", "首页", "总理",
            "网站地图", "版权所有", "请输入关键词", "搜索", "隐藏的统计代码", "您的浏览器不支持脚本",
            "public domain", "政府信息公开专栏", "English",
        ] {
            XCTAssertFalse(text.contains(chrome), "chrome left in text: \(chrome)")
        }
        XCTAssertFalse(text.contains("  "))
        XCTAssertFalse(text.contains("\n\n\n"))
        XCTAssertFalse(text.split(separator: "\n").contains { $0.hasPrefix("\u{3000}") }, "paragraph indents are trimmed")
        XCTAssertEqual(text, text.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(page.warnings, [])
    }

    func testGovPolicyPageTables() throws {
        let page = try HTMLReader.read(htmlFixture("gov_policy_page.html"))
        XCTAssertEqual(page.tables.count, 1)
        XCTAssertEqual(
            page.tables.first,
            [
                ["索 引 号：", "000014349/2014-00065", "主题分类：", "公安、安全、司法\\户籍管理"],
                ["发文机关：", "国务院", "成文日期：", "2014年07月24日"],
                ["标\u{3000}\u{3000}题：", "国务院关于进一步推进户籍制度改革的意见"],
                ["发文字号：", "国发〔2014〕25号", "发布日期：", "2014年07月30日"],
            ])
    }

    func testGB2312DeclaredPageDecodesAsGB18030() throws {
        let bytes = try htmlFixture("gb2312_page.html")
        XCTAssertNil(String(validating: bytes, as: UTF8.self))
        XCTAssertEqual(HTMLReader.declaredCharset(bytes), "gb2312")
        let page = try HTMLReader.read(bytes)
        XCTAssertEqual(page.encoding, "GB18030")
        XCTAssertEqual(page.title, "推进以人为核心的新型城镇化")
        XCTAssertEqual(page.metadata["issuer"], "国务院")
        XCTAssertEqual(page.metadata["date"], "2014-03-05")
        XCTAssertTrue(page.text.hasPrefix("（五）推进以人为核心的新型城镇化。\n\n城镇化是现代化的必由之路"))
        XCTAssertTrue(page.text.contains("推动户籍制度改革，实行不同规模城市差别化落户政策。"))
        XCTAssertTrue(page.text.hasSuffix("使农业转移人口和城镇居民共建共享城市现代文明。"))
        XCTAssertFalse(page.text.contains("\u{FFFD}"))
        XCTAssertEqual(page.warnings, [])
        XCTAssertEqual(try HTMLReader.read(bytes, encoding: "GB18030"), page)
    }

    func testCharsetSniffingForms() {
        let httpEquiv = Array(#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">"#.utf8)
        XCTAssertEqual(HTMLReader.declaredCharset(httpEquiv), "gbk")
        XCTAssertEqual(HTMLReader.declaredCharset(Array("<meta charset='big5' />".utf8)), "big5")
        XCTAssertNil(HTMLReader.declaredCharset(Array("<p>charset=gbk</p>".utf8)))
    }

    func testMalformedPageKeepsTextAndReportsErrors() throws {
        let page = try HTMLReader.read(htmlFixture("malformed_page.html"))
        XCTAssertEqual(page.title, "未闭合标签的页面")
        XCTAssertTrue(page.text.hasPrefix("加大对中西部地区新型城镇化的支持。提高产业发展和集聚人口能力"))
        XCTAssertTrue(page.text.contains("优化东部地区城镇结构，进一步提升城镇化质量和水平。\n\n加强城镇化管理创新和机制建设。"))
        XCTAssertTrue(page.text.contains("2014年\t推进户籍制度改革\n2014年\t建立居住证制度"))
        XCTAssertTrue(page.text.contains("加强小城镇和村庄规划管理。"))
        XCTAssertTrue(page.text.hasSuffix("最后一段没有闭合的文字"))
        XCTAssertEqual(page.tables, [[["2014年", "推进户籍制度改革"], ["2014年", "建立居住证制度"]]])
        XCTAssertTrue(page.warnings.contains("line 9: Unexpected end tag : span"), "\(page.warnings)")
        XCTAssertTrue(page.warnings.allSatisfy { $0.range(of: #"^line \d+: "#, options: .regularExpression) != nil })
    }

    func testChromeIsDroppedButArticleHeadersAndWrappersKept() throws {
        let page = try html(
            """
            <header class="site"><a href="/">Site name</a></header>
            <nav><a>Home</a> <a>About</a></nav>
            <div id="header-wrapper">
              <article>
                <header><h1>Article title</h1></header>
                <p>First paragraph of the article.</p>
                <footer>Article footnote.</footer>
              </article>
              <p>Second paragraph outside the article.</p>
              <div class="canvas-text">Canvas text stays.</div>
            </div>
            <ul class="side-menu"><li>Menu item</li></ul>
            <aside>Related links</aside>
            <div role="contentinfo">Contact us</div>
            <footer>Copyright notice</footer>
            """, head: "<title>Page</title>")
        XCTAssertEqual(
            page.text,
            """
            Article title

            First paragraph of the article.

            Article footnote.

            Second paragraph outside the article.

            Canvas text stays.
            """)
    }

    func testBodyClassNamingChromeDoesNotHideThePage() throws {
        let page = try HTMLReader.read(
            Array(
                """
                <html><body class="has-sidebar page-header-fixed"><p>Main text.</p><div class="sidebar">Side</div></body></html>
                """.utf8))
        XCTAssertEqual(page.text, "Main text.")
    }

    func testWrapperNamedLikeChromeIsKeptWhenItHoldsTheContent() throws {
        let page = try html(
            """
            <div id="header-container"><h2>Opinions on hukou reform</h2>
            <p>Relax restrictions on settling in towns and small cities.</p>
            <p>Establish a residence permit system.</p></div>
            <div class="top-nav">Home | News | Policies</div>
            """)
        XCTAssertEqual(
            page.text,
            """
            Opinions on hukou reform

            Relax restrictions on settling in towns and small cities.

            Establish a residence permit system.
            """)
    }

    func testBlocksBreaksEntitiesAndWhitespace() throws {
        let page = try html(
            """
            <p>one<br>two</p><div>three</div><span>four</span>   <span>five</span>
            <p>&amp; &lt;tag&gt; &copy;&nbsp;&nbsp;2014</p>
            <p>城镇
               化 and English
               words</p>
            <ul><li>a</li><li>b</li></ul>
            <pre>  keep
              this</pre>
            <select><option>Option text</option></select><textarea>typed</textarea>
            """)
        XCTAssertEqual(page.text, "one\ntwo\n\nthree\nfour five\n\n& <tag> © 2014\n\n城镇化 and English words\n\na\nb\n\n  keep\n  this")
    }

    func testEnglishMetadataTableBeatsMetaTags() throws {
        let page = try html(
            """
            <table>
              <tr><td>Title:</td><td>Opinions of the State Council on Further Promoting the Reform of the Household Registration System</td></tr>
              <tr><td>Issued by:</td><td>State Council</td></tr>
              <tr><td>Document number:</td><td>Guo Fa [2014] No. 25</td></tr>
              <tr><td>Date of writing:</td><td>July 24, 2014</td></tr>
              <tr><td>Date of issue:</td><td>July 30, 2014</td></tr>
            </table>
            """,
            head: """
                <title>Household registration reform</title>
                <meta name="dc.date" content="2014-07-30"><meta name="dc.creator" content="gov.cn">
                """)
        XCTAssertEqual(page.title, "Opinions of the State Council on Further Promoting the Reform of the Household Registration System")
        XCTAssertEqual(page.metadata["issuer"], "State Council")
        XCTAssertEqual(page.metadata["doc_number"], "Guo Fa [2014] No. 25")
        XCTAssertEqual(page.metadata["date"], "July 24, 2014")
        XCTAssertEqual(page.metadata["published"], "July 30, 2014")
        XCTAssertEqual(page.metadata["dc.date"], "2014-07-30")
        XCTAssertEqual(page.metadata["dc.creator"], "gov.cn")
    }

    func testOrdinaryTableHeadersAreNotMetadata() throws {
        let page = try html(
            """
            <table><tr><th>Title</th><th>Year</th></tr><tr><td>Hukou reform</td><td>2014</td></tr></table>
            """, head: "<title>Chronology</title><meta name=\"PubDate\" content=\"2015-01-02\">")
        XCTAssertEqual(page.title, "Chronology")
        XCTAssertEqual(page.metadata["date"], "2015-01-02")
        XCTAssertEqual(page.tables, [[["Title", "Year"], ["Hukou reform", "2014"]]])
    }

    func testPublishedDateStandsInWhenThereIsNoDateOfWriting() throws {
        let page = try html("<table><tr><td>发布日期：</td><td>2014年07月30日</td></tr></table>")
        XCTAssertEqual(page.metadata["date"], "2014年07月30日")
        XCTAssertEqual(page.metadata["published"], "2014年07月30日")
    }

    func testEmptyInput() throws {
        XCTAssertEqual(try HTMLReader.read([]).text, "")
        XCTAssertEqual(try HTMLReader.read(Array("   \n".utf8)).text, "")
    }

    func testConcurrentReadsAgree() throws {
        let inputs = [
            try htmlFixture("gov_policy_page.html"), try htmlFixture("malformed_page.html"),
            try htmlFixture("gb2312_page.html"),
        ]
        let expected = try inputs.map { try HTMLReader.read($0) }
        let lock = NSLock()
        var mismatches = 0
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            let page = try? HTMLReader.read(inputs[i % inputs.count])
            if page != expected[i % inputs.count] {
                lock.lock()
                mismatches += 1
                lock.unlock()
            }
        }
        XCTAssertEqual(mismatches, 0)
    }
}

/// Issue 18, item 6: pages nested far deeper than 256 elements (table
/// layouts, broken CMS output) keep all their text, after the deep block too.
final class DeepHTMLTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus/government_work_reports.jsonl")

    /// Three paragraphs of the 2014 work report.
    func paragraphs() throws -> [String] {
        let line = try String(contentsOf: Self.corpus, encoding: .utf8).split(separator: "\n")[21]
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let lines = (record["content"] as! String).split(separator: "\n").map(String.init).filter { $0.count > 40 }
        return [lines[0], lines[lines.count / 2], lines[lines.count - 1]]
    }

    static func deepPage(_ p: [String], depth: Int, tag: String = "div") -> String {
        "<html><head><title>2014年政府工作报告</title></head><body><p>\(p[0])</p>"
            + String(repeating: "<\(tag)>", count: depth) + "<p>\(p[1])</p>" + String(repeating: "</\(tag)>", count: depth)
            + "<p>\(p[2])</p></body></html>"
    }

    func testTextInsideAndAfterADeepBlockIsKept() throws {
        let p = try paragraphs()
        for (depth, tag) in [(300, "div"), (1000, "div"), (600, "span"), (2000, "div")] {
            let page = try HTMLReader.read(Array(Self.deepPage(p, depth: depth, tag: tag).utf8))
            for paragraph in p { XCTAssertTrue(page.text.contains(paragraph), "depth \(depth) <\(tag)>: lost \(paragraph.prefix(20))…") }
            XCTAssertEqual(page.warnings, [], "depth \(depth)")
        }
    }

    func testTablesNestedDeeplyKeepTheirText() throws {
        let p = try paragraphs()
        let open = String(repeating: "<table><tr><td>", count: 150), close = String(repeating: "</td></tr></table>", count: 150)
        let page = try HTMLReader.read(Array("<html><body>\(open)<p>\(p[1])</p>\(close)<p>\(p[2])</p></body></html>".utf8))
        XCTAssertTrue(page.text.contains(p[1]))
        XCTAssertTrue(page.text.contains(p[2]))
    }
}
