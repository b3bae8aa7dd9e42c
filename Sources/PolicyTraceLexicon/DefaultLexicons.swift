import Foundation

/// The default lexicons, carried in the binary (`BuiltInLexicons.swift`,
/// generated from `Lexicons/`), so every command works from any folder and
/// after the binary is copied elsewhere.
public enum DefaultLexicons {
    /// What `--lexicon` means when it is not given: `./Lexicons` when the
    /// current folder has one (a checkout, or a project's own copy), else
    /// the built-in copy, written once to a folder of the `CacheFolder` (the
    /// temporary folder when the cache is off) so that hashes, the manifest
    /// and `lexicon` commands see ordinary files.
    public static func paths(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: "Lexicons", isDirectory: &isDir), isDir.boolValue { return ["Lexicons"] }
        return [try materialise(environment: environment)]
    }

    /// The folder holding the built-in files, written if missing or different.
    static func materialise(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let base = CacheFolder.path(environment: environment) ?? NSTemporaryDirectory()
        let folder = (base as NSString).appendingPathComponent("lexicons-\(fingerprint)")
        let fm = FileManager.default
        let complete = files.allSatisfy { fm.contents(atPath: (folder as NSString).appendingPathComponent($0.name)) == Data($0.text.utf8) }
        if !complete {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for f in files {
                try Data(f.text.utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(f.name)), options: .atomic)
            }
        }
        return folder
    }

    /// A short content hash (FNV-1a) naming the folder, so two versions never share one.
    static var fingerprint: String {
        var h: UInt64 = 0xcbf29ce484222325
        for f in files {
            for b in f.name.utf8 + [0] + f.text.utf8 + [0] { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        }
        return String(h, radix: 16)
    }
}
