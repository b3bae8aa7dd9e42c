@testable import PolicyTraceIngest

/// Chronology tables (tab-separated and Markdown) and policy-history prose.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = ChronologyReader.readTable(text, source: "fuzz.txt")
    _ = ChronologyReader.extractFromProse(text, source: "fuzz.txt")
    return 0
}
