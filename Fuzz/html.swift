@testable import PolicyTraceIngest

/// HTML pages: charset sniffing, libxml2's HTML parser, text, metadata and tables.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? HTMLReader.read(bytes)
    return 0
}
