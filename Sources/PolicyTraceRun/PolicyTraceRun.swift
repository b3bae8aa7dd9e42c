// PolicyTraceRun: the main job, and the only module with threads.
//
//   Pipeline.swift           Pipeline.run(RunOptions) → RunSummary: reads,
//                            tags, counts and writes in corpus order, in
//                            parallel, in bounded windows
//   WorkUnits.swift          WorkSource: files and chunks, read from the
//                            store when unchanged, else from the corpus
//   UpToDate.swift           the "nothing changed, nothing rewritten" check
//   Rendering.swift          the per-document output rows
//   Merge.swift              Merge: shard folders → one output; the run record
//                            (RunOptions as Codable)
//   MentionLines.swift       `policytrace tag PATH`: mentions.jsonl lines of
//                            files, several files (or one large file's
//                            segments) at a time
//   RecordStream.swift, PartialAggregates.swift
//                            `tag --stdin`: the streaming mode the Spark job
//                            drives, and `merge --aggregates`
//   Manifest.swift, Report.swift
//                            manifest.json and the printed summary
//   Progress.swift, ResourceUsage.swift, RunError.swift, FileProblem.swift,
//   DocumentIDs.swift        progress, memory figures, errors, unique IDs
//
// Public (what a library user runs the pipeline with): RunOptions,
// BatchOptions (store, noStore, force), RunSummary (files, documents,
// undated, years, tokens, mentions, skipped, warnings, outputs),
// Pipeline.run and RunError. Package (the CLI, the benchmark, lexicon stats
// and suggest, tests): the rest of RunOptions, BatchOptions and RunSummary,
// Merge.run, Merge.aggregates, MentionLines.tag, RecordStream (run, classify), Report.summary,
// Manifest, FileProblem, ResourceUsage, ProgressMeter and
// Pipeline.parallelMap. The work units, stage timings, rendering, up-to-date
// check and partial aggregates are internal.
