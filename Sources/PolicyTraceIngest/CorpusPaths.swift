import Foundation

/// Where paths are relative to one another once symbolic links, `.` and `..`
/// are resolved: so an output folder inside the corpus is known as such, and
/// a command never writes over its own input.
package enum CorpusPaths {
    /// `folder/name`, as `NSString.appendingPathComponent` gives it for a
    /// file's path, on the UTF-8 bytes: paths built once per corpus file.
    static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.utf8.last == UInt8(ascii: "/") ? folder + name : folder + "/" + name
    }

    /// A file path's extension (after the last `.` of its last component,
    /// not a leading one), as `NSString.pathExtension` gives it.
    static func pathExtension(_ path: String) -> Substring {
        let utf8 = path.utf8
        let start = utf8.lastIndex(of: UInt8(ascii: "/")).map(utf8.index(after:)) ?? utf8.startIndex
        guard let dot = utf8[start...].lastIndex(of: UInt8(ascii: ".")), dot != start else { return "" }
        return path[path.utf8.index(after: dot)...]
    }

    /// The absolute path `path` names, symbolic links resolved. A path that
    /// does not exist yet is its nearest existing ancestor's resolved path
    /// followed by the rest.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var head = (absolute as NSString).standardizingPath
        var tail: [String] = []
        while true {
            if let real = realpath(head, nil) {
                defer { free(real) }
                let base = String(cString: real)
                return tail.reversed().reduce(base) { ($0 as NSString).appendingPathComponent($1) }
            }
            let parent = (head as NSString).deletingLastPathComponent
            if parent == head || parent.isEmpty { return absolute }
            tail.append((head as NSString).lastPathComponent)
            head = parent
        }
    }

    /// `path` relative to `folder` ("" for the folder itself), or nil when
    /// it is not inside it.
    package static func relative(_ path: String, inside folder: String) -> String? {
        let p = resolved(path), f = resolved(folder)
        if p == f { return "" }
        let prefix = f.hasSuffix("/") ? f : f + "/"
        return p.hasPrefix(prefix) ? String(p.dropFirst(prefix.count)) : nil
    }

    /// Why writing to `output` would destroy or re-read an input: it is one
    /// of `inputs`, or inside an input folder. Nil when it is safe.
    package static func outputConflict(_ output: String, inputs: [String]) -> String? {
        for input in inputs {
            guard let rel = relative(output, inside: input) else { continue }
            if rel.isEmpty { return "\(output) is also an input (\(input)); writing it would destroy that input" }
            return "\(output) is inside the input folder \(input), so it would be read back as a document next time"
        }
        return nil
    }
}

extension CorpusPaths {
    /// A file's bytes (nil: unreadable), with one open, fstat and read for
    /// a small file. A large regular file is mapped rather than copied: its
    /// pages come from the page cache instead of fresh memory the kernel
    /// must zero, which cost a tenth of a one-file run (issue #13). The
    /// reader copies the text out as it decodes it.
    package static func contents(_ path: String) -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return FileManager.default.contents(atPath: path)
        }
        if st.st_size >= mappedFileBytes {
            close(fd)
            return (try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)) ?? FileManager.default.contents(atPath: path)
        }
        defer { close(fd) }
        // The size fstat gave, then whatever follows it (a file that grows
        // while it is read, or one whose size the kernel does not know).
        var data = Data(count: Int(st.st_size))
        var filled = 0
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            while filled < buffer.count {
                let n = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return false }
                if n == 0 { break }
                filled += n
            }
            return true
        }
        guard complete else { return nil }
        data.count = filled
        // Nearly always nothing follows: the buffer that asks is not zeroed
        // (a zeroed 64 KiB per file was 4% of a run over small files).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65536) { more -> Data? in
            while true {
                let n = read(fd, more.baseAddress!, more.count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return nil }
                if n == 0 { return data }
                data.append(more.baseAddress!, count: n)
            }
        }
    }

    /// Files at least this large are mapped by `contents(_:)`.
    static let mappedFileBytes = 4 << 20

    /// Why the file at `path` cannot be read, in words: "cannot read file:
    /// no such file or folder", "…: permission denied", "…: it is a folder".
    static func unreadable(_ path: String) -> String {
        var st = stat()
        if stat(path, &st) != 0 {
            return errno == ENOENT ? "cannot read file: no such file or folder" : "cannot read file: \(String(cString: strerror(errno)))"
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { return "cannot read file: it is a folder" }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { return errno == EACCES ? "cannot read file: permission denied" : "cannot read file: \(String(cString: strerror(errno)))" }
        close(fd)
        return "cannot read file"
    }
}
