import Foundation
import PolicyTraceIngest

let reader = try! CorpusReader(path: NSTemporaryDirectory())

/// zip archives read as folders: every member through the reader its extension picks, as `CorpusReader.read` does for a `.zip` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = reader.read("fuzz.zip", contents: Data(bytes: data, count: size))
    return 0
}
