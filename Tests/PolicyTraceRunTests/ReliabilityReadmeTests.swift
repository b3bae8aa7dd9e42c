import Foundation
import XCTest

/// Issue 18: every guarantee in README.md's Reliability section is backed by
/// a test. Each bullet must name at least one test (`Suite.testName`, or a
/// whole `Suite`) or script, and every one named must exist, so renaming or
/// deleting a test without the README fails here.
final class ReliabilityReadmeTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The section's bullets, each with its continuation lines joined.
    func bullets() throws -> [String] {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "\n## Reliability\n"))
        let rest = readme[start.upperBound...]
        let section = rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
        var bullets: [String] = []
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("- ") {
                bullets.append(String(line))
            } else if line.hasPrefix("  "), !bullets.isEmpty {
                bullets[bullets.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return bullets
    }

    /// Test classes (and extensions) of every test target, with their test methods.
    func testMethods() throws -> [String: Set<String>] {
        var index: [String: Set<String>] = [:]
        let tests = Self.repository.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter {
            $0.pathExtension == "swift"
        }
        let type = try NSRegularExpression(pattern: #"^(?:final |public |open )*(?:class|extension) ([A-Za-z0-9_]+)"#)
        let method = try NSRegularExpression(pattern: #"^\s+func (test[A-Za-z0-9_]+)\("#)
        for file in files {
            var current: String?
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let s = String(line), range = NSRange(s.startIndex..., in: s)
                if let m = type.firstMatch(in: s, range: range), let r = Range(m.range(at: 1), in: s) {
                    current = String(s[r])
                    index[current!, default: []].formUnion([])
                } else if let current, let m = method.firstMatch(in: s, range: range), let r = Range(m.range(at: 1), in: s) {
                    index[current, default: []].insert(String(s[r]))
                }
            }
        }
        return index
    }

    func testEveryGuaranteeNamesATestThatExists() throws {
        let index = try testMethods()
        let named = try NSRegularExpression(pattern: #"`([A-Z][A-Za-z0-9]*Tests)(?:\.(test[A-Za-z0-9_]+))?`"#)
        let script = try NSRegularExpression(pattern: #"`(scripts/[A-Za-z0-9_-]+\.sh)`"#)
        let bullets = try bullets()
        XCTAssertGreaterThan(bullets.count, 25, "the section's guarantees")
        var tests = 0
        for bullet in bullets {
            let range = NSRange(bullet.startIndex..., in: bullet)
            let names = named.matches(in: bullet, range: range)
            let scripts = script.matches(in: bullet, range: range)
            XCTAssertFalse(names.isEmpty && scripts.isEmpty, "no test backs: \(bullet.prefix(90))…")
            for m in names {
                let suite = String(bullet[Range(m.range(at: 1), in: bullet)!])
                guard let methods = index[suite] else {
                    XCTFail("no test class \(suite) (README: \(bullet.prefix(60))…)")
                    continue
                }
                if let r = Range(m.range(at: 2), in: bullet) {
                    XCTAssertTrue(methods.contains(String(bullet[r])), "no \(suite).\(bullet[r])")
                    tests += 1
                } else {
                    XCTAssertFalse(methods.isEmpty, "\(suite) has no tests")
                }
            }
            for m in scripts {
                let path = String(bullet[Range(m.range(at: 1), in: bullet)!])
                XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.repository.appendingPathComponent(path).path), path)
            }
        }
        XCTAssertGreaterThan(tests, 40)
    }
}
