import Foundation
import PolicyTraceIngest

let reader = try! CorpusReader(path: NSTemporaryDirectory())

/// OFD files: the zip container (CZip), OFD.xml, Document.xml and each page's Content.xml, as `CorpusReader.read` does for a `.ofd` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = reader.read("fuzz.ofd", contents: Data(bytes: data, count: size))
    return 0
}
