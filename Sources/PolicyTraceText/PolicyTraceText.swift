// PolicyTraceText: text primitives every later stage shares, on UTF-8 bytes.
//
//   Decoding.swift      TextDecoding.decode: bytes → UTF-8 text, detecting
//                       UTF-8/UTF-16/GB18030/Big5 (ICU), replacing and
//                       counting invalid bytes (DecodedText, DecodingError)
//   Folding.swift       FoldTable: one code point → its folded form
//                       (NFKC_Casefold, Traditional → Simplified), the
//                       matcher's notion of "the same character"
//   WordBreak.swift     WordBreaker (ICU word boundaries at a candidate's
//                       edges only), DictionaryPairs, WordTokens (quanteda-
//                       style ICU tokens, for exports and measurements)
//   StripPattern.swift  StripPattern: policytrace.yaml boilerplate patterns,
//                       run by ICU with a step limit per match
//
// Public: all of the above, for Ingest, Lexicon, Tag and Evaluate; the
// ICU calls and tables behind them are internal.
//
// ICU is reached only through the CICU C target, whose header declares plain
// C functions: ICU's own headers clash with Foundation's copy of ICU.
