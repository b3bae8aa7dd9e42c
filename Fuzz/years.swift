@testable import PolicyTraceIngest

/// The year resolver: the first lines of the input as metadata year, date,
/// title, document number and file name, the whole input as the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
    func line(_ i: Int) -> String? { i < lines.count ? lines[i] : nil }
    _ = YearResolver.resolve(
        metadataYear: line(0), metadataDate: line(1), title: line(2), docNumber: line(3),
        text: text, filename: line(4))
    _ = YearResolver.resolve(metadataYear: nil, metadataDate: nil, title: nil, docNumber: nil, text: text, filename: nil)
    return 0
}
