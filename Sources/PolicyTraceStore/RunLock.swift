import Foundation

/// Why a run cannot write to a store another process is writing to.
struct StoreBusy: Error, CustomStringConvertible {
    let description: String
}

/// One writing run per store at a time, across processes: an advisory lock
/// (`flock`) on `policytrace.sqlite.lock` beside the store, held from the
/// start of a run until its `Store` goes away (or its process ends, kill -9
/// included, so a killed run never leaves it held). A second run into the
/// same folder stops at once with `StoreBusy` naming the first one's process,
/// instead of failing later on a raw SQLite error. Stores of one process share
/// the lock.
final class RunLock {
    private static let registry = NSLock()
    nonisolated(unsafe) private static var held: [String: (fd: Int32, count: Int)] = [:]

    let path: String

    init(store: String) throws {
        path = store + ".lock"
        Self.registry.lock()
        defer { Self.registry.unlock() }
        if let entry = Self.held[path] {
            Self.held[path] = (entry.fd, entry.count + 1)
            return
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }  // a read-only folder: nothing can write there anyway
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            // A file system without locks (some network mounts): run unguarded, as before.
            guard errno == EWOULDBLOCK else {
                close(fd)
                return
            }
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = read(fd, &buffer, buffer.count)
            close(fd)
            let pid = n > 0 ? String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            let folder = (store as NSString).deletingLastPathComponent
            throw StoreBusy(
                description:
                    "another policytrace run (process \(pid)) is writing to \(folder.isEmpty ? "." : folder); wait for it to finish, or give another --out"
            )
        }
        ftruncate(fd, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pwrite(fd, pid, pid.count, 0)
        Self.held[path] = (fd, 1)
    }

    deinit {
        Self.registry.lock()
        defer { Self.registry.unlock() }
        guard let entry = Self.held[path] else { return }
        if entry.count > 1 {
            Self.held[path] = (entry.fd, entry.count - 1)
        } else {
            Self.held[path] = nil
            close(entry.fd)  // releases the lock
        }
    }
}
