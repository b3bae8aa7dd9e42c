// PolicyTraceAggregate: mentions → counts, with the roll-up of the concept
// tree (a mention of hukou.reform counts for hukou too) and period binning.
//
//   Counts.swift      DocumentTally (one document: group, tokens, concepts);
//                     Counts (group × concept: mentions, documents, tokens),
//                     mergeable so that shards and Spark partitions add up to
//                     the whole; TimelineRow (rates, low-base flag);
//                     ConceptSpan (first, last, peak year)
//   Grouping.swift    the group a document counts in (--by, --period)
//   TermCounts.swift  mentions per group × concept × term (top_terms.csv)
//   Measure.swift     the quantity a wide table or a chart shows
//
// Public: DocumentTally, Counts (add, merge, total, groups, timeline, spans),
// TimelineRow, ConceptSpan, Grouping.key and Measure. Package (the main job,
// the exports, tests): TermCounts, Counts' cells, totals and per-cell adds
// (partial aggregates), DocumentTally.rolledUp, Grouping.documentFields and
// Measure.isCount.
//
// Pure values and arithmetic: no files, no threads.
