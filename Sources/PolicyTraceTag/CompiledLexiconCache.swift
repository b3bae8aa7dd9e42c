import Crypto
import Foundation
import PolicyTraceLexicon
import PolicyTraceText

/// Where compiled lexicons are kept between processes, so that a command on
/// a one-line file does not spend a quarter of a second parsing the YAML,
/// validating, computing the fold table from ICU and building the automaton.
///
/// One file per lexicon (its paths, resolved, and the overlap policy), named
/// `lexicon-<hash of those>.bin`. It is used only when its key matches, and
/// rebuilt (written to a temporary file, then renamed over the old one) when
/// it does not, or is damaged. The key is the SHA-256 of everything the
/// compiled result depends on: the cache format, the program's version, the
/// executable's path, size and modification time (so a rebuilt program never
/// reads what another build wrote), the ICU version, the overlap policy, and
/// every lexicon file's path and bytes.
///
/// File layout:
///
///     offset  size  contents
///     0       8     magic `PTLEXC` and the format version, 2 bytes
///     8       32    key
///     40      8     checksum of the payload (UInt64, little-endian)
///     48      …     payload (`CacheWriter`): the lexicon, its diagnostics,
///                   then the compiled tables (patterns, the input-class
///                   table, the automaton's links and outputs, context rules,
///                   dictionary pairs) and last the automaton's dense rows
///                   (17 MB for the default lexicons), at a 64-byte boundary.
///
/// The file is mapped, not read: everything but the dense rows is copied
/// out, and the rows are used where they lie, so a process touches only
/// the pages its text reaches (the file is replaced by renaming, never
/// rewritten in place, so a mapping stays valid).
///
/// A folder that cannot be written only means every process compiles.
public struct CompiledLexiconCache: Sendable {
    /// The folder, or nil: no cache.
    public var directory: String?
    /// The program's version, part of every key.
    public var version: String

    /// Folders hold at most this many compiled lexicons (18 MB each for the
    /// default ones); writing one removes the least recently written beyond it.
    static let limit = 8
    static let magic: [UInt8] = Array("PTLEXC02".utf8)
    static let headerSize = 48

    public init(directory: String?, version: String) {
        self.directory = directory
        self.version = version
    }

    /// The cache in `CacheFolder` (none when `POLICYTRACE_CACHE` is `off`).
    public static func standard(version: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> CompiledLexiconCache {
        CompiledLexiconCache(directory: CacheFolder.path(environment: environment), version: version)
    }

    /// The cache file of the lexicon at `paths` compiled for `overlaps`.
    func file(for paths: [String], overlaps: OverlapPolicy) -> String? {
        guard let directory else { return nil }
        let identity = (paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path } + [overlaps.rawValue]).joined(separator: "\0")
        let name = SHA256.hash(data: Data(identity.utf8)).prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return (directory as NSString).appendingPathComponent("lexicon-\(name).bin")
    }

    /// The key of a compilation of `files` (with their bytes; nil: unreadable).
    func key(files: [String], contents: [Data?], overlaps: OverlapPolicy) -> [UInt8] {
        var h = SHA256()
        func add(_ s: String) { h.update(data: Data((s + "\0").utf8)) }
        add(String(decoding: Self.magic, as: UTF8.self))
        add(version)
        add(Self.executable)
        add(FoldTable.icuVersion)
        add(overlaps.rawValue)
        for (file, data) in zip(files, contents) {
            add(file)
            add(data.map { String($0.count) } ?? "unreadable")
            if let data { h.update(data: data) }
        }
        return Array(h.finalize())
    }

    /// The running executable's path, size and modification time.
    static let executable: String = {
        guard let path = Bundle.main.executablePath,
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        else { return "" }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path)\0\(attributes[.size] ?? "")\0\(modified)"
    }()

    /// What `file` holds if its key is `key` and it is intact.
    static func read(_ file: String, key: [UInt8]) -> (lexicon: Lexicon, diagnostics: [LexiconDiagnostic], tables: CompiledTables)? {
        guard let mapped = MappedFile(file), mapped.bytes.count >= headerSize else { return nil }
        let raw = mapped.bytes
        guard raw.prefix(8).elementsEqual(magic), raw[8..<40].elementsEqual(key) else { return nil }
        let payload = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
        guard UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 40, as: UInt64.self)) == checksum(payload) else { return nil }
        var r = CacheReader(payload, owner: mapped)
        guard let lexicon = try? r.lexicon(), let diagnostics = try? r.diagnostics(), let tables = try? r.tables(),
            r.isAtEnd
        else { return nil }
        return (lexicon, diagnostics, tables)
    }

    /// Writes `file` atomically; on any failure leaves things as they were.
    static func write(_ file: String, key: [UInt8], lexicon: Lexicon, diagnostics: [LexiconDiagnostic], tables: CompiledTables) {
        var w = CacheWriter()
        w.lexicon(lexicon)
        w.diagnostics(diagnostics)
        w.tables(tables)
        var bytes = magic + key
        let sum = w.bytes.withUnsafeBytes(checksum)
        withUnsafeBytes(of: sum.littleEndian) { bytes.append(contentsOf: $0) }
        bytes += w.bytes
        let folder = (file as NSString).deletingLastPathComponent
        let temporary = file + ".\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString.prefix(8)).tmp"
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
            (try? Data(bytes).write(to: URL(fileURLWithPath: temporary))) != nil
        else { return }
        guard rename(temporary, file) == 0 else {
            unlink(temporary)
            return
        }
        prune(folder)
    }

    /// Removes the least recently written cache files beyond `limit`.
    static func prune(_ folder: String) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return }
        let files = names.filter { $0.hasPrefix("lexicon-") && $0.hasSuffix(".bin") }.map { (folder as NSString).appendingPathComponent($0) }
        guard files.count > limit else { return }
        let dated = files.map { ($0, (try? fm.attributesOfItem(atPath: $0)[.modificationDate] as? Date) ?? .distantPast) }
        for (path, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(limit) { try? fm.removeItem(atPath: path) }
    }

    /// A fast checksum (four independent multiply–rotate lanes over 8-byte
    /// words) that catches a truncated or damaged file; not a defence against
    /// deliberate tampering, which the cache folder's permissions are.
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var a: UInt64 = 1, b: UInt64 = 2, c: UInt64 = 3, d: UInt64 = 4
        @inline(__always) func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
            let x = (h ^ w) &* k
            return x << 29 | x >> 35
        }
        var i = 0
        while i + 32 <= raw.count {
            a = mix(a, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            b = mix(b, raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            c = mix(c, raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
            d = mix(d, raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            i += 32
        }
        while i < raw.count {
            a = mix(a, UInt64(raw[i]))
            i += 1
        }
        return mix(mix(mix(mix(UInt64(raw.count), a), b), c), d)
    }
}

extension Tagger {
    /// Reads the lexicon at `paths` (files or folders, as `LexiconReader`
    /// takes them) and compiles it, or takes the compiled lexicon from
    /// `cache` when it holds this very compilation. Either way the result is
    /// the same: the tagger, the lexicon it was compiled from, and the
    /// lexicon's warnings and information (errors throw `LexiconError`, and
    /// nothing is cached); `fromCache` says which way it went.
    public static func load(
        lexiconPaths paths: [String], overlaps: OverlapPolicy = .longest, cache: CompiledLexiconCache
    ) throws
        -> (tagger: Tagger, lexicon: Lexicon, diagnostics: [LexiconDiagnostic], fromCache: Bool)
    {
        let files = try LexiconReader.files(paths: paths)
        let contents = files.map { FileManager.default.contents(atPath: $0) }
        let file = cache.file(for: paths, overlaps: overlaps)
        let key = cache.key(files: files, contents: contents, overlaps: overlaps)
        if let file, let hit = CompiledLexiconCache.read(file, key: key) {
            return (Tagger(lexicon: hit.lexicon, overlaps: overlaps, tables: hit.tables), hit.lexicon, hit.diagnostics, true)
        }
        let (lexicon, diagnostics) = try LexiconReader.load(files: files, contents: contents)
        let tables = CompiledTables(lexicon, fold: .shared)
        if let file { CompiledLexiconCache.write(file, key: key, lexicon: lexicon, diagnostics: diagnostics, tables: tables) }
        return (Tagger(lexicon: lexicon, overlaps: overlaps, tables: tables), lexicon, diagnostics, false)
    }
}

/// A file mapped read-only, unmapped when the last reference goes.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    init?(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0,
            let base = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED
        else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: Int(info.st_size))
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
