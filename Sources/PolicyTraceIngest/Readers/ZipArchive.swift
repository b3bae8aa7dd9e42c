import CZip

/// Why a zip-packaged document (DOCX, ODT, OFD) or an archive gave no text.
enum PackageReadError: Error, Equatable {
    case notZip(String)
    case encrypted(String)
    case missing(String)
    case tooLarge(String)
    case unreadable(member: String, why: String)
    case malformed(member: String, why: String)

    func description(format: DocumentFormat) -> String {
        let kind: String
        switch format {
        case .docx: kind = "Word (DOCX) file"
        case .odt: kind = "OpenDocument text (ODT) file"
        case .ofd: kind = "OFD file"
        case .tarGz: kind = "tar.gz archive"
        default: kind = "zip archive"
        }
        switch self {
        case .notZip(let why):
            return format == .tarGz
                ? "broken \(kind): \(why); re-download it, or unpack it with `tar xzf`"
                : "broken \(kind): not a readable zip container (\(why)); re-download it, or open and save it again"
        case .encrypted(let member):
            return "encrypted \(kind) (\(member) needs a password): save an unprotected copy first"
        case .missing(let member):
            return "broken \(kind): it has no \(member)"
        case .tooLarge(let member):
            return "\(kind): \(member) unpacks to more than \(ZipArchive.maxMemberBytes >> 20) MB, not read"
        case .unreadable(let member, let why):
            return "broken \(kind): \(member) cannot be unpacked (\(why))"
        case .malformed(let member, let why):
            return "broken \(kind): \(member) is not well-formed XML (\(why))"
        }
    }
}

/// A zip archive held in memory (libzip through CZip): member names and
/// whole members, each at most `maxMemberBytes` unpacked.
final class ZipArchive {
    static let maxMemberBytes: Int64 = 256 << 20

    private let handle: OpaquePointer
    /// The archive's bytes, kept alive while libzip reads them.
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// Member names in archive order (nil where libzip has none). A name
    /// marked UTF-8 is read as UTF-8. Unmarked names are in the code page of
    /// the machine that made the zip: when one of them is GB18030 (GBK) and
    /// not UTF-8 — a zip made on Windows in China — the archive's unmarked
    /// names are read as GB18030, even those whose bytes happen to be valid
    /// UTF-8 (通知 is CD A8 D6 AA); otherwise as UTF-8 when they are, else as
    /// CP437, the zip format's default (libzip's reading). The same bytes
    /// give the same names on every run.
    let names: [String?]

    init(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        storage = .allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        var message: UnsafeMutablePointer<CChar>?
        guard let h = pt_zip_open(storage.baseAddress, Int64(bytes.count), &message) else {
            let why = message.map { String(cString: $0) } ?? "unknown error"
            pt_zip_free(message)
            storage.deallocate()
            throw PackageReadError.notZip(why)
        }
        handle = h
        let count = max(0, pt_zip_count(h))
        let raw: [[UInt8]?] = (0..<count).map { i in pt_zip_raw_name(h, i).map { Array(UnsafeRawBufferPointer(start: $0, count: Self.length($0))) } }
        let marked = (0..<count).map { pt_zip_name_marked_utf8(h, $0) != 0 }
        let gbk = FileNames.holdsGB18030(raw.indices.filter { !marked[$0] }.compactMap { raw[$0] })
        names = (0..<count).map { i in
            guard let bytes = raw[Int(i)] else { return nil }
            if !marked[Int(i)], gbk, let name = FileNames.gb18030(bytes) { return name }
            return String(validating: bytes, as: UTF8.self) ?? pt_zip_name(h, i).map { String(cString: $0) } ?? FileNames.percentEscaped(bytes)
        }
    }

    /// The length of a NUL-terminated string.
    static func length(_ s: UnsafePointer<CChar>) -> Int {
        var n = 0
        while s[n] != 0 { n += 1 }
        return n
    }

    deinit {
        pt_zip_close(handle)
        storage.deallocate()
    }

    func index(of name: String) -> Int? {
        let i = pt_zip_find(handle, name)
        return i >= 0 ? Int(i) : nil
    }

    /// Member `index` unpacked whole.
    func read(_ index: Int) throws -> [UInt8] {
        let name = names[index] ?? "member \(index + 1)"
        if pt_zip_encrypted(handle, Int64(index)) != 0 { throw PackageReadError.encrypted(name) }
        var out: UnsafeMutablePointer<UInt8>?
        var length: Int64 = 0
        var message: UnsafeMutablePointer<CChar>?
        let rc = pt_zip_read(handle, Int64(index), Self.maxMemberBytes, &out, &length, &message)
        defer { pt_zip_free(out) }
        switch rc {
        case 0:
            return out.map { Array(UnsafeBufferPointer(start: $0, count: Int(length))) } ?? []
        case 1:
            throw PackageReadError.tooLarge(name)
        default:
            let why = message.map { String(cString: $0) } ?? "read error"
            pt_zip_free(message)
            throw PackageReadError.unreadable(member: name, why: why)
        }
    }

    /// The member named `name`, or nil when there is none.
    func read(named name: String) throws -> [UInt8]? {
        guard let i = index(of: name) else { return nil }
        return try read(i)
    }

    /// The member named `name` parsed as XML.
    func xml(_ name: String) throws -> MarkupTree? {
        guard let bytes = try read(named: name) else { return nil }
        let text: String
        do {
            text = try XMLReader.decode(bytes).text
        } catch {
            throw PackageReadError.malformed(member: name, why: "\(error)")
        }
        let tree: MarkupTree
        do {
            tree = try MarkupTree(utf8: text, html: false)
        } catch {
            throw PackageReadError.malformed(member: name, why: "\(error)")
        }
        guard tree.parsed, tree.roots.contains(where: { tree.nodes[$0].isElement }) else {
            throw PackageReadError.malformed(member: name, why: tree.warnings.first ?? "no root element")
        }
        return tree
    }
}

/// What a zip-packaged document gave: running text (DOCX, ODT) or page
/// lines (OFD), and its properties.
struct PackagedDocument: Sendable, Equatable {
    var text = ""
    var pages: [[PageLine]]?
    var title: String?
    /// The document's own date, where the properties give one apart from
    /// when the file was made.
    var date: String?
    /// When the file was made (DOCX `dcterms:created`, ODT
    /// `meta:creation-date`, OFD `CreationDate`): the last resort for the year.
    var creationDate: String?
    var metadata: [String: String] = [:]
    var warnings: [String] = []
}

extension MarkupTree {
    /// The first element named `name` (local name) in document order.
    func first(_ name: String, under start: Int? = nil) -> Int? {
        let from = start.map { [$0] } ?? roots
        for r in from {
            if nodes[r].isElement && nodes[r].name == name && start == nil { return r }
            if let i = descendants(of: r).first(where: { nodes[$0].name == name }) { return i }
        }
        return nil
    }

    /// All the text below `i`, trimmed; nil when blank.
    func plainText(_ i: Int) -> String? {
        var out = ""
        var stack = [i]
        while let j = stack.popLast() {
            if nodes[j].isElement { stack.append(contentsOf: nodes[j].children.reversed()) } else { out += nodes[j].text }
        }
        let line = MarkupText.oneLine(out)
        return line.isEmpty ? nil : line
    }
}
