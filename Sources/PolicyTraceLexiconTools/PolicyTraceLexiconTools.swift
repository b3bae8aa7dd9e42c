// PolicyTraceLexiconTools: the lexicon seen against a corpus, for the
// scholar who maintains one (`policytrace lexicon stats`, `lexicon suggest`).
//
//   LexiconStats.swift    TermUsage: how often each term is counted, which
//                         terms never are (dead) or only inside longer ones
//   LexiconSuggest.swift  TermSuggestion: n-grams around a concept's mentions
//                         that no entry covers, ranked, with an example line
//
// Both tag with the same Tagger and overlap policy as `run`, so a count here
// is a count there.
//
// Public: LexiconTools.usage → TermUsage, LexiconTools.suggest →
// [TermSuggestion], and LexiconTools.documents (the corpus they read), for
// `policytrace lexicon stats` and `lexicon suggest`; the n-gram counting is
// internal.
