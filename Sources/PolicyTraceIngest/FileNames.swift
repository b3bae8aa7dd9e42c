import Foundation
import PolicyTraceText

/// File and archive-member names whose bytes are not UTF-8 — GBK names from
/// zips made on Windows (no UTF-8 flag), tar members and files unpacked from
/// them — turned into the stable, valid UTF-8 form their document IDs carry.
/// The same bytes always give the same name, on every run and machine.
enum FileNames {
    /// A name's UTF-8 form: the bytes themselves when they are UTF-8; their
    /// GB18030 reading (GBK and GB2312 are subsets) when every byte decodes;
    /// else nil.
    static func decoded(_ raw: [UInt8]) -> String? {
        String(validating: raw, as: UTF8.self) ?? gb18030(raw)
    }

    /// The GB18030 reading of a name, nil unless every byte decodes to a
    /// character a name can hold.
    static func gb18030(_ raw: [UInt8]) -> String? {
        guard let gb = try? TextDecoding.decode(raw, encoding: "GB18030"), gb.replacements == 0,
            !gb.text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{FFFD}" })
        else { return nil }
        return gb.text
    }

    /// Whether names from one source (an archive) are in GB18030: one of
    /// them is not UTF-8 but reads as GB18030. Names that are valid UTF-8
    /// by chance are then read as GB18030 too, as the archiver wrote them.
    static func holdsGB18030(_ names: [[UInt8]]) -> Bool {
        names.contains { String(validating: $0, as: UTF8.self) == nil && gb18030($0) != nil }
    }

    /// The bytes with each byte outside printable ASCII, and `%`, as `%XX`:
    /// the escape form of a name that is neither UTF-8 nor GB18030.
    static func percentEscaped(_ raw: [UInt8]) -> String {
        var out = ""
        for b in raw {
            if b >= 0x20 && b < 0x7F && b != 0x25 { out.unicodeScalars.append(UnicodeScalar(b)) } else { out += String(format: "%%%02X", b) }
        }
        return out
    }

    /// `decoded(raw)`, else `percentEscaped(raw)`.
    static func stable(_ raw: [UInt8]) -> String {
        decoded(raw) ?? percentEscaped(raw)
    }

    /// A tar member path (`gbk`: the archive's names are GB18030), each
    /// `/`-separated part read as GB18030 when it decodes (with `gbk`), else
    /// as UTF-8, else in its `%XX` form.
    static func tarPath(_ raw: [UInt8], gbk: Bool) -> String {
        if !gbk, let utf8 = String(validating: raw, as: UTF8.self) { return utf8 }
        return raw.split(separator: 0x2F, omittingEmptySubsequences: false).map { part in
            let part = Array(part)
            return (gbk ? gb18030(part) : nil) ?? String(validating: part, as: UTF8.self) ?? percentEscaped(part)
        }.joined(separator: "/")
    }
}

/// The on-disk files and folders of a corpus whose names are not UTF-8. A
/// Swift path cannot hold their bytes, so each is opened once during the walk
/// and reached through `/proc/self/fd/N` (which `open`, `stat` and
/// `FileManager` accept) under its stable ID. Shared by copies of a reader;
/// the descriptors close with the last copy.
final class OddNames: @unchecked Sendable {
    private let lock = NSLock()
    /// Relative path (its stable form) → a path that opens it.
    private var paths: [String: String] = [:]
    private var descriptors: [Int32] = []
    private var raisedLimit = false

    func path(_ rel: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return paths[rel]
    }

    func register(_ rel: String, path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths[rel] = path
    }

    /// Opens `raw` in the folder `folder` (a descriptor) and returns the
    /// path that reaches it, or nil with `errno` set.
    func open(_ raw: [UInt8], in folder: Int32, directory: Bool) -> String? {
        lock.lock()
        defer { lock.unlock() }
        raiseLimitOnce()
        let fd = (raw + [0]).withUnsafeBufferPointer { name in
            name.withMemoryRebound(to: CChar.self) {
                openat(folder, $0.baseAddress!, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (directory ? O_DIRECTORY : 0))
            }
        }
        guard fd >= 0 else { return nil }
        descriptors.append(fd)
        return "\(Self.descriptorFolder)/\(fd)"
    }

    /// A corpus copied from Windows may have thousands of such names: lift
    /// the soft limit on open files to the hard one.
    private func raiseLimitOnce() {
        guard !raisedLimit else { return }
        raisedLimit = true
        var limit = rlimit()
        #if os(Linux)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        if getrlimit(resource, &limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(resource, &limit)
        }
    }

    static let descriptorFolder = FileManager.default.fileExists(atPath: "/proc/self/fd") ? "/proc/self/fd" : "/dev/fd"

    deinit {
        for fd in descriptors { close(fd) }
    }
}
