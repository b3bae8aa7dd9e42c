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
//   RecordStream.swift, PartialAggregates.swift
//                            `tag --stdin`: the streaming mode the Spark job
//                            drives, and `merge --aggregates`
//   Manifest.swift, Report.swift
//                            manifest.json and the printed summary
//   Progress.swift, ResourceUsage.swift, RunError.swift, FileProblem.swift,
//   DocumentIDs.swift        progress, memory figures, errors, unique IDs
//
// Public: Pipeline.run, RunOptions, BatchOptions, RunSummary, Merge.run,
// Merge.aggregates, RecordStream (run, classify), Report.summary, Manifest,
// RunError, FileProblem, ResourceUsage and Pipeline.parallelMap (lexicon
// stats and suggest share the main job's threads); the rendering, the
// up-to-date check and the partial aggregates are internal.
