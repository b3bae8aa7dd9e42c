@testable import PolicyTraceIngest

/// The corpus configuration (`policytrace.yaml`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? CorpusConfig.parse(text, file: "policytrace.yaml")
    return 0
}
