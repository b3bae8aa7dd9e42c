import CICU
import Foundation

/// A boilerplate pattern of `policytrace.yaml` (ICU regular-expression
/// syntax, as NSRegularExpression reads it), applied to a document's UTF-8
/// bytes by ICU with a bound on the work of each match attempt, so a
/// pattern that backtracks catastrophically (`(a+)+$`) fails with a named
/// error instead of running for minutes.
public struct StripPattern: Sendable, Equatable {
    var pattern: String
    /// Cut from the first match to the end, rather than remove every match.
    var cutToEnd: Bool
    /// Steps of ICU's match engine one match attempt may take (each about a
    /// millisecond of work; counted, not timed, so results never depend on
    /// the machine's speed or load).
    var stepLimit: Int32

    public static let defaultStepLimit: Int32 = 1000

    public init(_ pattern: String, cutToEnd: Bool, stepLimit: Int32 = defaultStepLimit) {
        self.pattern = pattern
        self.cutToEnd = cutToEnd
        self.stepLimit = stepLimit
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        case tooCostly(String)

        var description: String {
            switch self {
            case .invalid(let p): return "invalid strip pattern `\(p)`"
            case .tooCostly(let p):
                return
                    "strip pattern `\(p)` exceeded its work limit on this document (it backtracks without bound, e.g. nested repeats like (a+)+); simplify it in policytrace.yaml"
            }
        }
    }

    /// `text` without the pattern's matches (or from its first match on).
    public func apply(_ text: String) throws -> String {
        var text = text
        var pattern = self.pattern
        var out: UnsafeMutablePointer<CChar>?
        let length = pattern.withUTF8 { p in
            text.withUTF8 { t in
                p.withMemoryRebound(to: CChar.self) { pc in
                    t.withMemoryRebound(to: CChar.self) { tc in
                        pt_icu_regex_strip(pc.baseAddress, Int32(pc.count), tc.baseAddress, Int64(tc.count), cutToEnd ? 1 : 0, stepLimit, &out)
                    }
                }
            }
        }
        switch length {
        case -1: throw Failure.invalid(self.pattern)
        case -2: throw Failure.tooCostly(self.pattern)
        case ..<0: throw Failure.invalid(self.pattern)
        default:
            defer { free(out) }
            return String(
                decoding: UnsafeBufferPointer(start: UnsafeRawPointer(out!).assumingMemoryBound(to: UInt8.self), count: Int(length)), as: UTF8.self)
        }
    }
}
