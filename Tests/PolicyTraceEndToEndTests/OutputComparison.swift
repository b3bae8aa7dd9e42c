import Foundation
import XCTest

/// Every output file of a run folder, for comparing two runs: the store is
/// left out, and the manifest loses its timings and command line.
enum OutputComparison {
    static func files(_ dir: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: dir.path)!
        while let rel = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = dir.appendingPathComponent(rel).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                !rel.contains("policytrace.sqlite"), !rel.hasPrefix(".staging")
            else { continue }
            var text = try String(contentsOfFile: full, encoding: .utf8)
            if rel == "manifest.json" {
                var object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
                object["timings"] = nil
                object["command_line"] = nil
                text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            }
            out[rel] = text
        }
        return out
    }

    static func assertSame(_ a: URL, _ b: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try files(a), y = try files(b)
        XCTAssertEqual(x.keys.sorted(), y.keys.sorted(), file: file, line: line)
        XCTAssertGreaterThanOrEqual(x.count, 8, file: file, line: line)
        for (name, text) in x where y[name] != text {
            XCTFail("\(name) differs", file: file, line: line)
        }
    }
}
