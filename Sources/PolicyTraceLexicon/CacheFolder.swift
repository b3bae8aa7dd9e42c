import Foundation

/// Where PolicyTrace keeps what it can rebuild (compiled lexicons, the
/// built-in lexicon files): `POLICYTRACE_CACHE` (a folder, or `off`), else
/// `$XDG_CACHE_HOME/policytrace`, else `~/.cache/policytrace`.
package enum CacheFolder {
    /// The folder, or nil when `POLICYTRACE_CACHE` turns the cache off.
    package static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment["POLICYTRACE_CACHE"] {
            return ["", "off", "0", "no", "false"].contains(chosen.lowercased()) ? nil : chosen
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return (xdg as NSString).appendingPathComponent("policytrace") }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/policytrace")
    }
}
