// PolicyTraceStore: what a run keeps between runs and machines.
//
//   Store.swift        Store: the SQLite file (GRDB) — files with their
//                      SHA-256 and configuration hash, documents, mentions,
//                      runs with their options record, outputs written;
//                      each file committed in one transaction, so a killed
//                      run resumes where it stopped
//   RunLock.swift      RunLock: one writing run per store across processes
//                      (a second run into the same folder stops, named)
//   FileHashing.swift  FileHashing: SHA-256 of files in blocks, in parallel
//   ShardSpec.swift    ShardSpec: shard I of N, a split every machine agrees
//                      on (by path and record position)
//
// Nothing public: a library user names the store by its path
// (BatchOptions.store). Package: Store (its units, runs, outputs and
// documents), ShardSpec and FileHashing, for the main job, merge and tests;
// the SQL itself is internal.
//
// The schema is documented for SQL users in docs/FORMATS.md.
