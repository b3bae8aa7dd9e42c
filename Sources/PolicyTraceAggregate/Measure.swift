/// The quantity a wide timeline or a chart shows for a (group, concept) cell.
public enum Measure: String, Sendable, CaseIterable, Codable {
    /// Mentions of the concept or a descendant.
    case mentions
    /// Documents with at least one such mention.
    case documents
    /// Documents with a mention / all documents of the group.
    case shareDocuments = "share_documents"
    /// Mentions × 10,000 / tokens of the group.
    case per10kTokens = "per_10k_tokens"

    public func value(of row: TimelineRow) -> Double {
        switch self {
        case .mentions: return Double(row.mentions)
        case .documents: return Double(row.documents)
        case .shareDocuments: return row.shareDocuments
        case .per10kTokens: return row.per10kTokens
        }
    }

    /// Whether the values are counts (written as integers).
    package var isCount: Bool { self == .mentions || self == .documents }
}
