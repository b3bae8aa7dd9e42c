import Foundation

/// What the walk of a corpus folder found: the files to read, and what it
/// passed over and why (listed in `skipped.csv`). Hidden files and folders,
/// the configuration, READMEs and ignored globs are left out without a line.
public struct CorpusWalk: Sendable, Equatable {
    /// Paths relative to the root, sorted.
    public var files: [String] = []
    /// Folders that could not be opened, links not followed, names that are
    /// not UTF-8, and entries that are not regular files.
    public var skipped: [SkippedItem] = []
}

extension CorpusReader {
    /// Walks the corpus folder. Symbolic links to files are followed when
    /// their target lies inside the corpus (or `followsLinksOutside`);
    /// links to folders are not followed, so no folder is read twice and
    /// no walk loops.
    public func walk() throws -> CorpusWalk {
        if let singleFile { return CorpusWalk(files: [singleFile]) }
        guard let top = opendir(root) else {
            throw IngestError(file: root, line: nil, reason: "cannot list the corpus folder: \(String(cString: strerror(errno)))")
        }
        closedir(top)
        let globs = Self.alwaysIgnored + config.ignore
        let resolvedRoot = CorpusPaths.resolved(root)
        var walk = CorpusWalk()
        var folders = [""]
        while let folder = folders.popLast() {
            let full = folder.isEmpty ? root : (root as NSString).appendingPathComponent(folder)
            guard let dir = opendir(full) else {
                walk.skipped.append(SkippedItem(source: folder + "/", reason: "cannot open folder: \(String(cString: strerror(errno)))"))
                continue
            }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                guard let name = Self.entryName(entry) else {
                    let escaped = Self.escapedName(entry)
                    let rel = folder.isEmpty ? escaped : folder + "/" + escaped
                    walk.skipped.append(SkippedItem(source: rel, reason: "file name is not UTF-8 (a legacy encoding such as GBK?): rename it, e.g. convmv -f gbk -t utf8"))
                    continue
                }
                if name == "." || name == ".." { continue }
                let rel = folder.isEmpty ? name : folder + "/" + name
                if excluded.contains(rel) { continue }
                switch entryKind(entry, path: (full as NSString).appendingPathComponent(name), root: resolvedRoot) {
                case .folder:
                    if !name.hasPrefix(".") { folders.append(rel) }
                case .file:
                    if !Self.matches(globs, rel) { walk.files.append(rel) }
                case .skipped(let reason):
                    if !name.hasPrefix(".") && !Self.matches(globs, rel) { walk.skipped.append(SkippedItem(source: rel, reason: reason)) }
                }
            }
        }
        walk.files.sort()
        walk.skipped.sort { $0.source < $1.source }
        return walk
    }

    enum EntryKind: Equatable {
        case folder, file
        case skipped(String)
    }

    /// A folder entry's name, nil when its bytes are not UTF-8.
    static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String? {
        withUnsafeBytes(of: entry.pointee.d_name) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(validating: bytes, as: UTF8.self)
        }
    }

    /// A name that is not UTF-8 in a stable UTF-8 form: bytes outside ASCII as `%XX`.
    static func escapedName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) { raw in
            raw.prefix { $0 != 0 }.map { $0 < 0x80 && $0 != 0x25 ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
        }
    }

    /// What a folder entry is to the walk; symbolic links are judged by their target.
    func entryKind(_ entry: UnsafeMutablePointer<dirent>, path: String, root: String) -> EntryKind {
        var type = Int32(entry.pointee.d_type)
        var st = stat()
        if type == Int32(DT_UNKNOWN) {
            guard lstat(path, &st) == 0 else { return .skipped("cannot read file: \(String(cString: strerror(errno)))") }
            type = Self.direntType(st.st_mode)
        }
        switch type {
        case Int32(DT_DIR): return .folder
        case Int32(DT_REG): return .file
        case Int32(DT_LNK): return linkKind(path, root: root)
        default: return .skipped("not a regular file (a device, socket or pipe)")
        }
    }

    static func direntType(_ mode: mode_t) -> Int32 {
        switch mode & S_IFMT {
        case S_IFDIR: return Int32(DT_DIR)
        case S_IFREG: return Int32(DT_REG)
        case S_IFLNK: return Int32(DT_LNK)
        default: return Int32(DT_UNKNOWN)
        }
    }

    /// A symbolic link: followed to a file inside the corpus (or anywhere,
    /// with `followsLinksOutside`); never to a folder.
    func linkKind(_ path: String, root: String) -> EntryKind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .skipped("broken symbolic link (its target does not exist)") }
        let target = CorpusPaths.resolved(path)
        if (st.st_mode & S_IFMT) == S_IFDIR { return .skipped("symbolic link to a folder (\(target)), not followed") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .skipped("symbolic link to something that is not a regular file (\(target))") }
        if followsLinksOutside || target.hasPrefix(root.hasSuffix("/") ? root : root + "/") { return .file }
        return .skipped("symbolic link to a file outside the corpus (\(target)), not followed; --follow-links reads it")
    }
}
