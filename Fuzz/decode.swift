import PolicyTraceText

/// Plain-text decoding: detection (BOM, UTF-8, ICU's detector), then the
/// same bytes forced through the legacy encodings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Near-UTF-8 input (seeds: real reports with stray bytes) must come back
    // as UTF-8 with at least one U+FFFD per counted replacement.
    if let decoded = try? TextDecoding.decode(bytes), decoded.encoding == "UTF-8", decoded.replacements > 0 {
        precondition(decoded.text.unicodeScalars.lazy.filter { $0 == "\u{FFFD}" }.count >= decoded.replacements)
    }
    let forced = ["GB18030", "Big5", "UTF-16LE", "UTF-16BE", "UTF-8"][size % 5]
    _ = try? TextDecoding.decode(bytes, encoding: forced)
    return 0
}
