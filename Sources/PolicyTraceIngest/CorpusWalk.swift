import Foundation

/// What the walk of a corpus folder found: the files to read, and what it
/// passed over and why (listed in `skipped.csv`). Hidden files and folders,
/// the configuration, READMEs and ignored globs are left out without a line.
package struct CorpusWalk: Sendable, Equatable {
    /// Paths relative to the root, sorted.
    package var files: [String] = []
    /// Folders that could not be opened, links not followed, and entries
    /// that are not regular files.
    package var skipped: [SkippedItem] = []
}

extension CorpusReader {
    /// Walks the corpus folder. Symbolic links to files are followed when
    /// their target lies inside the corpus (or `followsLinksOutside`);
    /// links to folders are not followed, so no folder is read twice and
    /// no walk loops. A name that is not UTF-8 (GBK from Windows) is read
    /// under its `FileNames.stable` form: the GB18030 reading, else `%XX`.
    package func walk() throws -> CorpusWalk {
        if let singleFile { return CorpusWalk(files: [singleFile]) }
        guard let top = opendir(root) else {
            throw IngestError(file: root, line: nil, reason: "cannot list the corpus folder: \(String(cString: strerror(errno)))")
        }
        closedir(top)
        let globs = (Self.alwaysIgnored + config.ignore).map(Glob.init)
        let resolvedRoot = CorpusPaths.resolved(root)
        var walk = CorpusWalk()
        // (relative path, the path that opens it): a folder below one whose
        // name is not UTF-8 is reached through that folder's descriptor.
        var folders = [("", root)]
        while let (folder, full) = folders.popLast() {
            guard let dir = opendir(full) else {
                walk.skipped.append(SkippedItem(source: folder + "/", reason: "cannot open folder: \(String(cString: strerror(errno)))"))
                continue
            }
            defer { closedir(dir) }
            let throughDescriptor = full != root && full.hasPrefix(OddNames.descriptorFolder + "/")
            for entry in Self.entries(dir) {
                let name = entry.name
                if name == "." || name == ".." { continue }
                let rel = folder.isEmpty ? name : folder + "/" + name
                if excluded.contains(rel) { continue }
                var path = CorpusPaths.join(full, name)
                var kind: EntryKind
                if let raw = entry.raw {
                    // A name that is not UTF-8: opened here, reached by descriptor.
                    (kind, path) = oddEntryKind(raw, type: entry.type, in: dirfd(dir), root: resolvedRoot)
                } else {
                    kind = entryKind(entry.type, path: path, root: resolvedRoot)
                }
                switch kind {
                case .folder:
                    if !name.hasPrefix(".") { folders.append((rel, path)) }
                case .file:
                    if !Self.matches(globs, rel) {
                        walk.files.append(rel)
                        if entry.raw != nil || throughDescriptor { oddNames.register(rel, path: path) }
                    }
                case .skipped(let reason):
                    if !name.hasPrefix(".") && !Self.matches(globs, rel) { walk.skipped.append(SkippedItem(source: rel, reason: reason)) }
                }
            }
        }
        walk.files.sort()
        walk.skipped.sort { $0.source < $1.source }
        return walk
    }

    /// One entry of a folder: its name (the stable UTF-8 form of `raw` when
    /// its bytes are not UTF-8) and its `d_type`.
    struct Entry {
        var name: String
        var raw: [UInt8]?
        var type: Int32
    }

    /// A folder's entries. A name that is not UTF-8 is named by
    /// `FileNames.stable` (GB18030 read, or `%XX` escapes); when that form is
    /// another entry's name, by its `%XX` form, so no two entries share one.
    static func entries(_ dir: OpaquePointer) -> [Entry] {
        var plain: [Entry] = []
        var odd: [Entry] = []
        while let entry = readdir(dir) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            let type = Int32(entry.pointee.d_type)
            if let name = String(validating: raw, as: UTF8.self) {
                plain.append(Entry(name: name, type: type))
            } else {
                odd.append(Entry(name: "", raw: raw, type: type))
            }
        }
        var taken = Set(plain.map(\.name))
        odd.sort { $0.raw!.lexicographicallyPrecedes($1.raw!) }
        for i in odd.indices {
            let raw = odd[i].raw!
            var name = FileNames.stable(raw)
            if taken.contains(name) { name = FileNames.percentEscaped(raw) }
            taken.insert(name)
            odd[i].name = name
        }
        return plain + odd
    }

    enum EntryKind: Equatable {
        case folder, file
        case skipped(String)
    }

    /// An entry whose name is not UTF-8: its kind, judged as `entryKind`
    /// judges others, and the `/proc/self/fd/N` path that opens it (the
    /// name's own path when it could not be opened).
    func oddEntryKind(_ raw: [UInt8], type: Int32, in folder: Int32, root: String) -> (EntryKind, String) {
        var type = type
        if type == Int32(DT_UNKNOWN) {
            var st = stat()
            let ok = (raw + [0]).withUnsafeBufferPointer { name in
                name.withMemoryRebound(to: CChar.self) { fstatat(folder, $0.baseAddress!, &st, AT_SYMLINK_NOFOLLOW) }
            }
            guard ok == 0 else { return (.skipped("cannot read file: \(String(cString: strerror(errno)))"), "") }
            type = Self.direntType(st.st_mode)
        }
        switch type {
        case Int32(DT_DIR), Int32(DT_REG), Int32(DT_LNK):
            guard let path = oddNames.open(raw, in: folder, directory: type == Int32(DT_DIR)) else {
                if type == Int32(DT_LNK) && errno == ENOENT { return (.skipped("broken symbolic link (its target does not exist)"), "") }
                return (
                    .skipped(
                        type == Int32(DT_DIR)
                            ? "cannot open folder: \(String(cString: strerror(errno)))" : "cannot read file: \(String(cString: strerror(errno)))"), ""
                )
            }
            switch type {
            case Int32(DT_DIR): return (.folder, path)
            case Int32(DT_REG): return (.file, path)
            default: return (linkKind(path, root: root), path)
            }
        default:
            return (.skipped("not a regular file (a device, socket or pipe)"), "")
        }
    }

    /// What a folder entry is to the walk; symbolic links are judged by their target.
    func entryKind(_ type: Int32, path: String, root: String) -> EntryKind {
        var type = type
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
