import Foundation
import PolicyTraceIngest

let reader = try! CorpusReader(path: NSTemporaryDirectory())

/// PDF bytes through poppler (CPoppler), then the line joiner and the year resolution, as `CorpusReader.read` does for a `.pdf` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = reader.read("fuzz.pdf", contents: Data(bytes: data, count: size))
    return 0
}
