@testable import PolicyTraceIngest

let xpathOptions = XMLOptions(
    textXPath: "//p | //t:body//text()", titleXPath: "//title", yearXPath: "//meta/@year",
    dateXPath: "string(//date)", namespaces: ["t": "urn:x"])

/// XML documents, once with the TEI defaults and once with XPath options.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? XMLReader.read(bytes)
    _ = try? XMLReader.read(bytes, options: xpathOptions)
    return 0
}
