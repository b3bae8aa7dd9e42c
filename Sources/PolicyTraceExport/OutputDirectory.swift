import Foundation

/// Writes a run's files atomically: everything goes to a staging folder
/// inside the output folder, and only `commit()` moves the files into place.
/// A run that fails before committing leaves the previous outputs as they were.
package final class OutputDirectory {
    package let url: URL
    let staging: URL
    private(set) var staged: [String] = []

    package init(_ path: String) throws {
        url = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        Self.removeStaleStaging(in: url)
        staging = url.appendingPathComponent(
            ".staging-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: staging) }

    /// Removes the staging folders of runs that were killed before they
    /// could clean up (`.staging-PID-…` whose process is gone); a run still
    /// going (its process alive) keeps its own. Returns the names removed.
    @discardableResult
    static func removeStaleStaging(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(".staging-") {
            let pid = name.dropFirst(".staging-".count).prefix { $0.isNumber }
            guard let id = Int32(pid), id > 0, kill(id, 0) != 0, errno == ESRCH else { continue }
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil { removed.append(name) }
        }
        return removed.sorted()
    }

    /// Stages `name` (a relative path; folders are created) with `contents`.
    package func write(_ name: String, _ contents: String) throws {
        try write(name, Data(contents.utf8))
    }

    package func write(_ name: String, _ data: Data) throws {
        let target = staging.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
        staged.append(name)
    }

    /// A URL in the staging folder for writers that stream (append) to a file.
    package func stagedURL(_ name: String) throws -> URL {
        let target = staging.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !staged.contains(name) { staged.append(name) }
        return target
    }

    /// A URL in the staging folder for a working file that is never committed.
    package func scratchURL(_ name: String) -> URL {
        staging.appendingPathComponent(".scratch-" + name)
    }

    /// Moves every staged file into the output folder, replacing old ones.
    package func commit() throws {
        let fm = FileManager.default
        for name in staged {
            let target = url.appendingPathComponent(name)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            // rename(2) replaces the old file atomically (Foundation's
            // replaceItemAt on Linux removes it first, and can fail after).
            if rename(staging.appendingPathComponent(name).path, target.path) != 0 {
                throw CocoaError(
                    .fileWriteUnknown,
                    userInfo: [
                        NSFilePathErrorKey: target.path,
                        NSLocalizedDescriptionKey: String(cString: strerror(errno)),
                    ])
            }
        }
        staged = []
        try? fm.removeItem(at: staging)
    }
}
