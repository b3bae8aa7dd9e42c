import PolicyTraceText

/// Plain-text decoding: detection (BOM, UTF-8, ICU's detector), then the
/// same bytes forced through the legacy encodings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? TextDecoding.decode(bytes)
    let forced = ["GB18030", "Big5", "UTF-16LE", "UTF-16BE", "UTF-8"][size % 5]
    _ = try? TextDecoding.decode(bytes, encoding: forced)
    return 0
}
