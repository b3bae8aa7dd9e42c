import Foundation

/// Foundation's file errors (NSCocoaErrorDomain) as a sentence naming the
/// problem and the path, instead of "The operation could not be completed".
package enum FileProblem {
    /// Nil for errors that are not Foundation file errors.
    package static func describe(_ error: Error) -> String? {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain else { return nil }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        let posix = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
        let problem: String
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: problem = "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: problem = "permission denied"
        case .fileWriteOutOfSpace: problem = "the disk is full"
        case .fileWriteVolumeReadOnly: problem = "the file system is read-only"
        case .fileWriteFileExists: problem = "a file of that name is in the way (is the path a file where a folder is wanted?)"
        case .fileReadInapplicableStringEncoding, .fileReadCorruptFile: problem = "its bytes are not text in the expected encoding (UTF-8)"
        case .fileReadTooLarge: problem = "the file is too large to read"
        default:
            if let posix {
                problem = String(cString: strerror(posix))
            } else if let path, let file = fileOnTheWay(path) {
                problem = "\(file) is a file, not a folder"
            } else if let reason = ns.userInfo[NSLocalizedDescriptionKey] as? String {
                problem = reason
            } else {
                problem = "error \(ns.code)"
            }
        }
        let verb = (512..<768).contains(ns.code) ? "cannot write" : (256..<512).contains(ns.code) ? "cannot read" : "cannot use"
        let detail = posix.map { " (\(String(cString: strerror($0))))" } ?? ""
        return path.map { "\(verb) \($0): \(problem)\(detail == " (\(problem))" ? "" : detail)" } ?? "\(verb) a file: \(problem)\(detail)"
    }

    /// The nearest existing ancestor of `path` when it is a file: making a
    /// folder below it fails with no POSIX reason in Foundation's error.
    static func fileOnTheWay(_ path: String) -> String? {
        var p = (path as NSString).deletingLastPathComponent
        while !p.isEmpty && p != "/" {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir) { return isDir.boolValue ? nil : p }
            p = (p as NSString).deletingLastPathComponent
        }
        return nil
    }
}
