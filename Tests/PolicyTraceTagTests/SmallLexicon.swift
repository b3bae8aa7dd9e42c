import PolicyTraceLexicon

@testable import PolicyTraceTag

/// The small lexicon InflectionTests and NestingTests tag with: phrases of
/// the default corpus and the text-pool development set, a term or two per
/// concept, with the exact marker, a context rule and an exclusion.
enum SmallLexicon {
    static func term(_ t: String) -> Term { Term(t, language: t.unicodeScalars.first!.value > 0x2E80 ? .zh : .en) }

    static let lexicon = Lexicon(concepts: [
        Concept(id: "hukou"),
        Concept(id: "hukou.status", terms: ["hukou", "户籍", "户口"].map(term)),
        Concept(id: "hukou.reform", terms: ["户籍制度改革"].map(term)),
        Concept(id: "migrants"),
        Concept(id: "migrants.workers", terms: ["农民工", "migrant worker*"].map(term)),
        Concept(id: "migrants.population", terms: ["refugee", "left-behind children", "immigrant", "新住民"].map(term)),
        Concept(id: "exclusion"),
        Concept(
            id: "exclusion.political", terms: ["农民工权益", "权益", "petition"].map(term),
            rules: [ContextRule(terms: ["petition"], kind: .forbid, cues: ["court"], window: .words(3))]),
        Concept(id: "exclusion.savings", terms: ["失业保险"].map(term)),
        Concept(id: "exclusion.production", terms: ["失业", "tax"].map(term)),
        Concept(id: "exclusion.consumption", terms: ["aid$", "service", "community"].map(term)),
        Concept(id: "community_exclusion"),
        Concept(id: "community_exclusion.economic_participation", terms: ["失业"].map(term)),
        Concept(id: "community_exclusion.participation", terms: ["社区活动"].map(term), exclusions: ["社区活动中心"].map(term)),
        Concept(id: "community_services"),
        Concept(id: "community_services.provision", terms: ["services", "社区活动中心", "新住民家庭服务中心"].map(term)),
        Concept(id: "community_services.governance", terms: ["residents' committee"].map(term)),
    ])
}
