// PolicyTrace, the library: a facade that re-exports every stage, so callers
// (the CLI, scripts, other packages) write one `import PolicyTrace`.
//
//   PolicyTraceIngest     corpus files → Document (readers, years, chronologies)
//   PolicyTraceLexicon    the lexicon model, its reader, validator and formats
//   PolicyTraceTag        the compiled automaton: Document text → [Mention]
//   PolicyTraceAggregate  per-document tallies → Counts by group × concept
//   PolicyTraceExport     CSV, JSON Lines, BRAT and report writers
//   PolicyTraceStore      the SQLite store, file hashing, shard plans
//   PolicyTraceRun        the main job: the parallel pipeline, manifest, summary
//   PolicyTraceEvaluate   scoring mentions against gold annotations
//   PolicyTraceLexiconTools  lexicon stats and suggest: terms counted in, and found around, a corpus
@_exported import PolicyTraceAggregate
@_exported import PolicyTraceEvaluate
@_exported import PolicyTraceExport
@_exported import PolicyTraceIngest
@_exported import PolicyTraceLexicon
@_exported import PolicyTraceLexiconTools
@_exported import PolicyTraceRun
@_exported import PolicyTraceStore
@_exported import PolicyTraceTag
@_exported import PolicyTraceText
