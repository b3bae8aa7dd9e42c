/// A problem found in a lexicon, at the place it was written.
public struct LexiconDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case info, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.info, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    /// What kind of check produced it (e.g. `shared-term`), for summaries.
    package var code: String?

    package init(_ severity: Severity, _ message: String, at location: SourceLocation?, code: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.code = code
    }

    /// `file:line:column: error: message`, as compilers print it.
    public var description: String {
        "\(location.map { "\($0): " } ?? "")\(severity.rawValue): \(message)"
    }
}

/// A lexicon that cannot be used: every error found, not just the first.
public struct LexiconError: Error, CustomStringConvertible {
    public var diagnostics: [LexiconDiagnostic]
    init(_ diagnostics: [LexiconDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
    }
}

extension LexiconDiagnostic: Error {}
