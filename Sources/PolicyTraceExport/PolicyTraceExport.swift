// PolicyTraceExport: values → the files of docs/FORMATS.md. Only this module
// writes outputs.
//
//   CSVWriter.swift      CSVWriter, CSVField: RFC 4180, formula-injection safe
//   JSONLines.swift      JSON: mentions.jsonl lines and other JSON values
//   OutputFiles.swift    timeline, wide timeline, concepts, top terms,
//                        chronology and skipped tables
//   DocumentsFile.swift  documents.csv, with the records' own fields
//   KWICLine.swift       KWICLine: the one context renderer
//   KWICRow.swift        kwic.csv rows; KWICSamples for the report
//   AnalysisTables.swift ConceptRow: the concepts table
//   StataFiles.swift     stata/: Stata variable names, labels, load.do
//   BratFiles.swift      brat/: standoff annotations and annotation.conf
//   ReportPage.swift, LineChart.swift, HTML.swift
//                        report.html: self-contained page with SVG charts
//   OutputDirectory.swift staging and the atomic swap of an output folder
//
// Public (what a library user exports with): OutputFiles (mentionLine,
// timeline, chronology, skipped), KWICLine (left, match, right, bracketed)
// and BratFiles (annotations, configuration). Package (the main job, `kwic`
// and the evaluation commands): the other writers above (CSVWriter, JSON,
// the rest of OutputFiles, DocumentsFile, KWICRow, KWICSamples, ConceptRow,
// StataFiles.files, ReportContent, ReportPage.html, ChartSeries, ChartPoint,
// OutputDirectory); the HTML helpers, Stata naming and chart drawing are
// internal.
