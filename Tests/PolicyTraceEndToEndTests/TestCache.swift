import Foundation

/// Pipeline runs in these tests keep their compiled lexicons in a folder of
/// the tests' own (bounded like any cache folder), never in the user's cache.
func useTestLexiconCache() {
    setenv("POLICYTRACE_CACHE", FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-test-cache").path, 1)
}
