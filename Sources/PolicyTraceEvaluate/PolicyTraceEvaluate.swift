// PolicyTraceEvaluate: how good are the mentions? Scoring against gold
// annotations made by reading (docs/EVALUATION.md).
//
//   GoldScoring.swift     GoldSet (spans and passages from JSON Lines),
//                         PredictedSpan, Evaluation.evaluate → EvaluationResult:
//                         precision, recall, F1 per concept and per family,
//                         by span overlap and exact match, with the false
//                         positives and negatives in context (KWICLine)
//   CodedKWIC.swift       a kwic.csv sample coded by a scholar: precision per
//                         concept and family (Wilson intervals), or gold lines
//   SpanValidation.swift  every gold and prediction line checked against its
//                         document, errors with file:line
//   TokenLookup.swift     quanteda-style token lookup of an exported
//                         dictionary, and its agreement with the tagger
//
// Public: GoldSet, GoldSpan, GoldPassage, PredictedSpan, Evaluation (score,
// tag, documents, misaligned, report), EvaluationResult, CodedKWIC,
// SpanValidation.problems, TokenLookup and LookupAgreement, for
// `policytrace evaluate` and the quanteda benchmark; the matching of spans
// and the per-concept rows are internal.
