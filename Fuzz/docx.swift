import Foundation
import PolicyTraceIngest

let reader = try! CorpusReader(path: NSTemporaryDirectory())

/// Word files: the zip container (CZip) and word/document.xml, footnotes and properties, as `CorpusReader.read` does for a `.docx` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = reader.read("fuzz.docx", contents: Data(bytes: data, count: size))
    return 0
}
