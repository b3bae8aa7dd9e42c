import Foundation

@testable import PolicyTraceIngest

let reader = try! CorpusReader(path: NSTemporaryDirectory())

/// .tar.gz archives read as folders (gzip through CZip, tar headers in
/// Swift), and the bytes as a bare tar.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = reader.read("fuzz.tar.gz", contents: bytes)
    _ = try? TarArchive.members(tar: [UInt8](bytes))
    return 0
}
