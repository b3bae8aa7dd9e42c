// PolicyTraceTag: the matcher. A Lexicon is compiled once into a folded byte
// automaton; a text is scanned once into its mentions. Semantics, with worked
// examples, in MATCHING.md beside this file.
//
//   Pattern.swift        terms → byte patterns over the fold table
//   InputClasses.swift   the byte classes the automaton steps on
//   Automaton.swift      the DFA over folded bytes
//   Tagger.swift         Tagger.tag(text) → TagResult: mentions in text
//                        order, token count, TagStats (what was set aside
//                        and why); overlap policy, nesting, context rules
//   Segments.swift       TextSegment: a large text tagged a stretch at a
//                        time (on several threads, or streamed), with
//                        exactly the mentions of the whole
//   ShortNames.swift     short names a text defines (照顾服务（以下简称
//                        本服务）): later uses counted with the term's concepts
//   Mention.swift        Mention (code-point and UTF-8 offsets, term,
//                        concepts), OverlapPolicy, TagStats, TagResult
//   CompiledLexiconCache.swift, CacheCoding.swift
//                        the compiled automaton on disk, keyed by the
//                        lexicon's SHA-256 and the program version
//
// Knows nothing of files or documents: it takes a String, gives values.
