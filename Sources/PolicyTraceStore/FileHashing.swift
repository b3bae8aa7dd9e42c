import Crypto
import Dispatch
import Foundation

/// SHA-256 of files, read in blocks (a large file is never in memory whole)
/// and hashed on several threads at once.
package enum FileHashing {
    static let blockSize = 1 << 20

    /// What identifies a file's version without reading it.
    package struct Identity: Equatable, Sendable {
        package var size: Int
        var mtimeNanoseconds: Int64
        var inode: UInt64
    }

    /// The identity of a file (links followed), nil if it cannot be read.
    package static func identity(_ path: String) -> Identity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Identity(
            size: Int(st.st_size), mtimeNanoseconds: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
            inode: UInt64(st.st_ino))
    }

    /// The size of a file in bytes (links followed), nil if it cannot be read.
    package static func size(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// Reads into `buffer` until it is full or the file ends; -1 on error.
    package static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = Foundation.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// `length` bytes of a file from `offset`.
    package static func read(_ path: String, offset: Int, length: Int) -> Data? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data = Data(count: length)
        let n = data.withUnsafeMutableBytes { buffer -> Int in
            var filled = 0
            while filled < length {
                let r = pread(fd, buffer.baseAddress! + filled, length - filled, off_t(offset + filled))
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { break }
                filled += r
            }
            return filled
        }
        if n < length { data.count = n }
        return data
    }

    /// The SHA-256 of a file (lower-case hex), read through `buffer`; nil if
    /// it cannot be read.
    static func sha256(_ path: String, buffer: UnsafeMutableRawBufferPointer) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = SHA256()
        while true {
            let n = readFully(fd, buffer)
            if n < 0 { return nil }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            if n < buffer.count { break }
        }
        return Store.hex(hasher.finalize())
    }

    /// The SHA-256 of a file; nil if it cannot be read.
    package static func sha256(_ path: String) -> String? {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { buffer.deallocate() }
        return sha256(path, buffer: buffer)
    }

    /// Hashes `paths` on `jobs` threads, largest files first so no thread is
    /// left with a big one at the end, and calls `check` with each result
    /// (in any order, one call at a time). Stops early, returning false, as
    /// soon as `check` does.
    package static func hashAll(_ paths: [String], sizes: [Int], jobs: Int, check: (Int, String?) -> Bool) -> Bool {
        let order = paths.indices.sorted { sizes[$0] > sizes[$1] }
        let lock = NSLock()
        var next = 0
        var ok = true
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, paths.count))) { _ in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
            defer { buffer.deallocate() }
            while true {
                lock.lock()
                let i = next
                next += 1
                let stop = !ok || i >= order.count
                lock.unlock()
                if stop { return }
                let sha = sha256(paths[order[i]], buffer: buffer)
                lock.lock()
                if ok && !check(order[i], sha) { ok = false }
                lock.unlock()
            }
        }
        return ok
    }
}
