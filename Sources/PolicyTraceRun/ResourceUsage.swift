import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// Figures about the process itself, for the run summary.
package enum ResourceUsage {
    /// Peak resident set size in bytes (`VmHWM` of /proc/self/status), nil where unavailable.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.dropFirst(6).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
            return kb.map { $0 * 1024 }
        }
        return nil
    }

    /// `Peak memory: 123.4 MB`, or nil where unavailable.
    package static func peakMemoryLine() -> String? {
        peakResidentBytes().map { String(format: "Peak memory (RSS): %.1f MB", Double($0) / 1_048_576) }
    }
}
