import Foundation

@testable import PolicyTraceIngest

let folder: String = {
    let dir = NSTemporaryDirectory() + "policytrace-fuzz-csv-\(getpid())"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()
let reader = try! CorpusReader(path: folder)

/// CSV and TSV: DelimitedReader on the text, then the file through CorpusReader.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    _ = DelimitedReader.records(text, delimiter: ",")
    _ = DelimitedReader.records(text, delimiter: "\t")
    let name = size % 2 == 0 ? "in.csv" : "in.tsv"
    _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(buffer: bytes))
    _ = reader.read(name)
    return 0
}
