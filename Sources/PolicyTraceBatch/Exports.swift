// The batch module is the library's front door: callers (the CLI, scripts)
// import it and see every stage's public values.
@_exported import PolicyTraceAggregate
@_exported import PolicyTraceExport
@_exported import PolicyTraceIngest
@_exported import PolicyTraceLexicon
@_exported import PolicyTraceTag
@_exported import PolicyTraceText
