import Foundation
import PolicyTrace

/// `policytrace-bench --quanteda-agreement [--sentences N]`: how far
/// quanteda-style token lookup with the exported dictionary (`TokenLookup`:
/// ICU word tokens, values as token sequences, case-insensitive globs)
/// agrees with PolicyTrace's own mentions, per sentence and concept, on
/// sentences of the default corpus (N spread over it; 0 = all) and, where
/// present, of the English seed papers. Figures, not a pass/fail test.
func quantedaAgreement(root: URL, chinese: [String], english: [String], seedEnglish: [String], sentences: Int) throws {
    let (lexicon, _) = try LexiconReader.load(paths: [root.appendingPathComponent("Lexicons").path])
    let lookup = TokenLookup(lexicon)
    print("quanteda-style lookup: \(lookup.valueCount) dictionary values of \(lexicon.concepts.count) concepts (ICU \(FoldTable.icuVersion))")
    let sets: [(String, [String])] = [
        ("corpus, Chinese", LookupAgreement.sample(chinese, limit: sentences == 0 ? .max : sentences)),
        ("corpus, English", LookupAgreement.sample(english, limit: sentences == 0 ? .max : sentences)),
        ("seed papers, English", LookupAgreement.sample(seedEnglish, limit: sentences == 0 ? .max : sentences)),
    ]
    print("sentences                 overlaps   n     PT pairs  lookup pairs  both   PT found by lookup  lookup found by PT")
    for overlaps in [OverlapPolicy.longest, .all] {
        let tagger = Tagger(lexicon: lexicon, overlaps: overlaps)
        for (name, list) in sets where !list.isEmpty {
            let a = LookupAgreement.measure(list, tagger: tagger, lookup: lookup, examples: 8)
            print(
                name.padding(toLength: 26, withPad: " ", startingAt: 0) + overlaps.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(
                        format: "%6d %9d %13d %6d %18.1f%% %18.1f%%", a.sentences, a.tagged, a.looked, a.both, a.taggedFound * 100,
                        a.lookedFound * 100))
            if overlaps == .longest && CommandLine.arguments.contains("--examples") {
                for e in a.onlyTagged { print("    only PolicyTrace: \(e.prefix(120))") }
                for e in a.onlyLooked { print("    only lookup:      \(e.prefix(120))") }
            }
        }
    }
}
