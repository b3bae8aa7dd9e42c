import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// Progress of a run on stderr: one line rewritten in place (`\r`) on a
/// terminal, a plain line every few seconds otherwise (logs, CI), nothing
/// when disabled.
package final class ProgressMeter: @unchecked Sendable {
    package enum Mode: Sendable {
        case auto, off
    }

    let enabled: Bool
    let terminal: Bool
    let totalBytes: Int
    let started = Date()
    var last = Date.distantPast
    var shown = false
    var documents = 0
    var bytes = 0
    var skipped = 0

    init(mode: Mode, totalBytes: Int) {
        enabled = mode == .auto
        terminal = isatty(STDERR_FILENO) != 0
        self.totalBytes = totalBytes
    }

    /// Adds one batch's figures; prints when it is time to.
    func add(documents: Int, bytes: Int, skipped: Int) {
        self.documents += documents
        self.bytes += bytes
        self.skipped += skipped
        guard enabled else { return }
        let now = Date()
        if now.timeIntervalSince(last) >= (terminal ? 0.2 : 5) {
            last = now
            emit(line())
        }
    }

    /// Ends the progress line (a terminal's cursor goes to a fresh line).
    func finish() {
        guard enabled, shown else { return }
        emit(line())
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    func line() -> String {
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let mb = Double(bytes) / 1_048_576
        let rate = mb / seconds
        let percent = totalBytes > 0 ? min(100, Double(bytes) * 100 / Double(totalBytes)) : 0
        let remaining = rate > 0 && totalBytes > bytes ? Double(totalBytes - bytes) / 1_048_576 / rate : 0
        return String(
            format: "%d documents, %.1f/%.1f MB (%.0f%%), %.0f docs/s, %.1f MB/s, ETA %@, skipped %d",
            documents, mb, Double(totalBytes) / 1_048_576, percent, Double(documents) / seconds, rate,
            ProgressMeter.duration(remaining), skipped)
    }

    func emit(_ text: String) {
        shown = true
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + text : text + "\n").utf8))
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}
