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
// Public (what a library user compiles a lexicon from): the model as read
// (Lexicon, Concept with id, labels, definition, terms and family, Term,
// Language), LexiconReader.load(paths:), DefaultLexicons.paths and the
// diagnostics (LexiconDiagnostic, SourceLocation, LexiconError). Package
// (the tagger's cache, the CLI, lexicon tools, evaluation): the rest of the
// model (ContextRule, exclusions, ConceptID), LexiconReader.files and
// load(files:contents:), LexiconValidator, LexiconWriter, LexiconFormat,
// DictionaryValues, CacheFolder and NearestName; the YAML node walk, the
// format parsers and the containment checks are internal.
//
// Nothing here matches text: PolicyTraceTag compiles a Lexicon.
