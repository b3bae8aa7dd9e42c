import Foundation
import PolicyTraceIngest

let reader = try! CorpusReader(path: NSTemporaryDirectory())

/// OpenDocument text: the zip container (CZip), content.xml and meta.xml, as `CorpusReader.read` does for a `.odt` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = reader.read("fuzz.odt", contents: Data(bytes: data, count: size))
    return 0
}
