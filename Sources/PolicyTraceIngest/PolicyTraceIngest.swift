// PolicyTraceIngest: corpus files → Document values (text, year with its
// source, title, issuer, metadata, pages).
//
//   CorpusReader.swift     CorpusReader: walks a corpus (CorpusWalk.swift),
//                          chooses each file's reader, gives a FileResult
//                          (documents, chronology events, skipped, warnings)
//   ChunkPlanner.swift     large JSON Lines/CSV/TSV files cut at record ends
//   CorpusReader+Formats.swift, CorpusReader+Archives.swift
//                          format choice; zip and tar.gz members as documents
//   CorpusConfig.swift     policytrace.yaml: fields, file rules, encodings,
//                          strip patterns, XML paths; DocumentFormat
//   Document.swift         Document, YearSource, SkippedItem
//   Readers/               one reader per format: RecordFiles (JSON Lines,
//                          CSV, TSV records), TextFiles (text, HTML, XML),
//                          HTMLReader, XMLReader,
//                          DelimitedReader (CSV/TSV), PDFReader (poppler),
//                          OfficeReader (DOCX, ODT), OFDReader, ZipArchive,
//                          TarArchive, PageLines (running heads and page starts)
//   Years/                 YearResolver: metadata, date, title, document
//                          number, file name, in that order; NPCSessions
//   Chronology/            ChronologyReader: policy-event tables and prose;
//                          IssuerTable (abbreviations of issuing bodies)
//   CorpusPaths.swift      paths relative to the corpus, output conflicts
//   FileNames.swift        names that are not UTF-8 (GBK from Windows) in a
//                          stable UTF-8 form; OddNames, how the walk reaches
//                          such files on disk
//
// Public (scripts/public-surface.sh counts it; what a library user reads a
// corpus with): CorpusReader (root, files, read), FileResult, Document,
// YearSource, SkippedItem, DocumentFormat, IngestError, ChronologyEvent.
// Package (the main job, the store, the CLI, tests): the rest of
// CorpusReader (walk, document, format, the record-chunk reads),
// CorpusConfig (the fields other modules read), ChronologyReader.read(file:)
// and IssuerTable for `policytrace chronology`, ChunkPlanner and FileChunk
// for the main job's chunks, CorpusPaths, and DelimitedReader.records
// (Evaluate reads coded kwic.csv files with it).
// Each format's reader (HTML, XML, PDF, Office, OFD, zip, tar), the year
// resolver and the chronology parsers are internal: reach them through
// CorpusReader (tests and the fuzz targets use `@testable import`).
//
// C libraries (libxml2, poppler, libzip) sit behind CXML, CPoppler and CZip.
