// PolicyTraceLexicon: the bilingual lexicon as plain values, and its files.
//
//   Lexicon.swift          Lexicon → [Concept] → Term / ContextRule; Language
//   ConceptID.swift        the concept tree from dotted IDs: family,
//                          ancestors, isWithin (every tree walk asks it)
//   LexiconReader.swift    YAML (and quanteda, LIWC, LIWC-22) → Lexicon, every
//                          node with its file:line:column
//   LexiconValidator.swift the checks of `lexicon validate`, as diagnostics
//   LexiconWriter.swift    Lexicon → PolicyTrace YAML
//   LexiconFormat.swift    the formats read and written; QuantedaFormat,
//                          LIWCFormat, LIWC22Format, DictionaryValues (ICU
//                          tokens joined by spaces, as quanteda matches them)
//   DefaultLexicons.swift  the default lexicons carried in the binary
//                          (BuiltInLexicons.swift, generated from Lexicons/)
//   CacheFolder.swift      where rebuildable files live (POLICYTRACE_CACHE)
//   NearestName.swift      "did you mean …?" for every mistyped name
//   Diagnostic.swift       LexiconDiagnostic, LexiconError
//
// Public: the model (Lexicon, Concept, Term, ContextRule, Language,
// SourceLocation, ConceptID), LexiconReader, LexiconValidator (validate,
// normalised), LexiconWriter, LexiconFormat, DefaultLexicons.paths,
// DictionaryValues, CacheFolder, NearestName and the diagnostics; the YAML
// node walk, the format parsers and the containment checks are internal.
//
// Nothing here matches text: PolicyTraceTag compiles a Lexicon.
