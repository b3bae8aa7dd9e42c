import Foundation
import PolicyTraceIngest

let folder: String = {
    let dir = NSTemporaryDirectory() + "policytrace-fuzz-jsonl-\(getpid())"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()
let reader = try! CorpusReader(path: folder)

/// JSON Lines files read through CorpusReader (decoding, records, field roles, years).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FileManager.default.createFile(atPath: folder + "/in.jsonl", contents: Data(bytes: data, count: size))
    _ = reader.read("in.jsonl")
    return 0
}
