// Tagger benchmark: figures, not a timed test. Builds a ~64 MB mixed
// Chinese/English input from the real corpus, tags it on one core with the
// default lexicons, and prints MB/s and peak memory beside baselines measured
// in the same run: reading + UTF-8 validation (the floor) and ripgrep
// counting the same terms as fixed strings, case-insensitively.
//
//   swift run -c release policytrace-bench [--mb 64] [--files 20000] [--terms 100000] [--no-seeds]
//   swift run -c release policytrace-bench --quanteda-agreement [--sentences N] [--examples]
//     (the quanteda export against PolicyTrace's mentions: QuantedaAgreement.swift)
//
// --no-seeds leaves out the seed papers (as on a clone without ../shared):
// the input is then almost all Chinese.
import Foundation
import PolicyTrace

func arg(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    if let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) { return v }
    return fallback
}

func peakRSSMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb / 1024
}

func time(_ body: () throws -> Void) rethrows -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}

func best(of runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var b = Double.infinity
    for _ in 0..<runs { b = min(b, try time(body)) }
    return b
}

let targetMB = arg("--mb", 64)
let fileCount = arg("--files", 20000)
let bigLexicon = arg("--terms", 100_000)
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-bench")
try? FileManager.default.removeItem(at: work)
try FileManager.default.createDirectory(at: work.appendingPathComponent("files"), withIntermediateDirectories: true)

// 1. Input: the corpus's Chinese reports interleaved with English policy text
//    (the Table 1 chronology and, where present, the seed papers in ../shared).
let corpusReader = try CorpusReader(path: root.appendingPathComponent("Corpus").path)
var chinese: [String] = []
var english: [String] = []
for file in try corpusReader.files() {
    for doc in corpusReader.read(file).documents {
        if doc.language == "en" { english.append(doc.text) } else { chinese.append(doc.text) }
    }
}
let seeds = root.deletingLastPathComponent().appendingPathComponent("shared/seeds")
let seedNames = CommandLine.arguments.contains("--no-seeds") ? [] : (try? FileManager.default.contentsOfDirectory(atPath: seeds.path))?.sorted() ?? []
for name in seedNames {
    if let s = try? String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8) { english.append(s) }
}
if CommandLine.arguments.contains("--quanteda-agreement") {
    let seedTexts = seedNames.compactMap { try? String(contentsOf: seeds.appendingPathComponent($0), encoding: .utf8) }
    try quantedaAgreement(
        root: root, chinese: chinese, english: english.filter { !seedTexts.contains($0) },
        seedEnglish: seedTexts, sentences: arg("--sentences", 0))
    exit(0)
}
var pieces: [String] = []
var size = 0
var i = 0
while size < targetMB << 20 {
    let piece = i % 4 == 3 ? english[(i / 4) % english.count] : chinese[i % chinese.count]
    pieces.append(piece)
    size += piece.utf8.count
    i += 1
}
let input = pieces.joined(separator: "\n\n")
let inputURL = work.appendingPathComponent("input.txt")
try input.write(to: inputURL, atomically: true, encoding: .utf8)
let inputBytes = Double(input.utf8.count)
let mb = inputBytes / 1_048_576
let englishShare = Double(pieces.enumerated().filter { $0.offset % 4 == 3 }.map { $0.element.utf8.count }.reduce(0, +)) / inputBytes
// The same text as ~3 KB files.
var fileSizes = 0
do {
    let utf8 = Array(input.utf8)
    let chunk = max(utf8.count / fileCount, 64)
    var start = 0, n = 0
    while start < utf8.count {
        var end = min(start + chunk, utf8.count)
        while end < utf8.count && utf8[end] & 0xC0 == 0x80 { end += 1 }
        try Data(utf8[start..<end]).write(to: work.appendingPathComponent("files/\(n).txt"))
        fileSizes += end - start
        start = end
        n += 1
    }
}
let smallFiles = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("files").path).sorted()
    .map { work.appendingPathComponent("files").appendingPathComponent($0) }

// 2. The default lexicons, and their terms as fixed strings for ripgrep.
let (lexicon, _) = try LexiconReader.load(paths: [root.appendingPathComponent("Lexicons").path])
var tagger: Tagger!
let buildSeconds = time { tagger = Tagger(lexicon: lexicon) }
let terms = Set(lexicon.concepts.flatMap { $0.terms.map(\.stem) })
try terms.sorted().joined(separator: "\n").write(to: work.appendingPathComponent("terms.txt"), atomically: true, encoding: .utf8)

// `--profile N [--small]`: tag the single file (or the small files) N
// times, print the best rate in thread CPU time, and stop (for perf record).
if arg("--profile", 0) > 0 {
    let small = CommandLine.arguments.contains("--small")
    let text = String(validating: try Data(contentsOf: inputURL), as: UTF8.self)!
    var n = 0
    var best = Double.infinity
    for _ in 0..<arg("--profile", 0) {
        var a = timespec(), b = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a)
        if small {
            n = 0
            for url in smallFiles {
                let data = try Data(contentsOf: url)
                n += tagger.tag(String(validating: data, as: UTF8.self)!).mentions.count
            }
        } else {
            n = tagger.tag(text).mentions.count
        }
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
        best = min(best, Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9)
    }
    print(String(format: "profile: %.1f MB/s thread CPU, best run (%d mentions)", inputBytes / 1_048_576 / best, n))
    exit(0)
}

print(
    "input: \(String(format: "%.1f", mb)) MB (\(String(format: "%.0f", englishShare * 100))% English by bytes), \(smallFiles.count) small files; lexicon: \(terms.count) terms, \(tagger.automatonDescription), built in \(String(format: "%.3f", buildSeconds)) s"
)
print("")
print("measure (one core, best of 3)".padding(toLength: 48, withPad: " ", startingAt: 0) + "    MB/s   × floor      × rg")

// 3. Floor: read the file and validate its UTF-8.
var sink = 0
let floor = try best(of: 3) {
    let data = try Data(contentsOf: inputURL)
    let s = String(validating: data, as: UTF8.self)!
    sink &+= s.utf8.count
}

// 4. ripgrep, when installed (Debian package `ripgrep`).
var rgSeconds: Double?
var rgCount = 0
if let rg = ["/usr/bin/rg", "/usr/local/bin/rg"].first(where: FileManager.default.isExecutableFile(atPath:)) {
    rgSeconds = try best(of: 3) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: rg)
        p.arguments = ["-F", "-i", "-c", "-o", "-f", work.appendingPathComponent("terms.txt").path, inputURL.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        rgCount = Int(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}

// 5. PolicyTrace on the single file, then on the small files.
var mentions = 0
let rssBefore = peakRSSMB()
let single = try best(of: 3) {
    let data = try Data(contentsOf: inputURL)
    let text = String(validating: data, as: UTF8.self)!
    mentions = tagger.tag(text).mentions.count
}
let rssSingle = peakRSSMB()
// Diagnostic: the same scan with only the English terms (almost no
// candidates to judge) separates scanning from judging Chinese candidates.
let englishOnly = Tagger(
    lexicon: Lexicon(
        concepts: lexicon.concepts.map { c in
            var c = c
            c.terms = c.terms.filter { $0.language == .en }
            c.exclusions = []
            c.rules = []
            return c
        }))
let scanOnly = try best(of: 3) {
    let data = try Data(contentsOf: inputURL)
    sink &+= englishOnly.tag(String(validating: data, as: UTF8.self)!).mentions.count
}
let many = try best(of: 3) {
    var n = 0
    for url in smallFiles {
        let data = try Data(contentsOf: url)
        n += tagger.tag(String(validating: data, as: UTF8.self)!).mentions.count
    }
    sink &+= n
}

func row(_ name: String, _ seconds: Double?, bytes: Double = inputBytes) {
    let label = name.padding(toLength: 48, withPad: " ", startingAt: 0)
    guard let seconds else { print(label + "  not installed"); return }
    let rate = bytes / 1_048_576 / seconds
    let rg = rgSeconds.map { String(format: "%.2f", (inputBytes / 1_048_576 / $0) > 0 ? rate / (inputBytes / 1_048_576 / $0) : 0) } ?? "-"
    print(label + String(format: "%8.1f %9.2f %9@", rate, rate / (inputBytes / 1_048_576 / floor), rg as NSString))
}
row("read + UTF-8 validate (floor)", floor)
row("ripgrep -F -i -c -o (\(rgCount) matches)", rgSeconds)
row("policytrace tag, one file (\(mentions) mentions)", single)
row("policytrace tag, \(smallFiles.count) files", many, bytes: Double(fileSizes))
row("  diagnostic: English terms only, one file", scanOnly)
print("")
print(String(format: "peak RSS: %.0f MB before tagging (input and its copies held), %.0f MB after the single-file run", rssBefore, rssSingle))
print(String(format: "small files vs single file: %.2f× the single-file time", many / single))

// 6. Building the automaton for a large lexicon: real character 4-grams and
//    word pairs from the corpus as terms.
var big = Set<String>()
let chars = Array(chinese.joined().unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
var k = 0
while big.count < bigLexicon * 9 / 10 && k + 4 < chars.count {
    big.insert(String(String.UnicodeScalarView(chars[k..<k + 4])))
    k += 3
}
let words = english.joined(separator: " ").split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }
k = 0
while big.count < bigLexicon && k + 1 < words.count {
    big.insert(words[k] + " " + words[k + 1])
    k += 1
}
let bigTerms = big.sorted()
let concepts = stride(from: 0, to: bigTerms.count, by: 1000).map { start in
    Concept(
        id: "big.c\(start / 1000)",
        terms: bigTerms[start..<min(start + 1000, bigTerms.count)].map {
            Term($0, language: $0.unicodeScalars.first!.value > 0x2E80 ? .zh : .en)
        })
}
let bigLex = Lexicon(concepts: [Concept(id: "big")] + concepts)
var bigNotes = 0
let bigValidation = time { bigNotes = LexiconValidator.validate(bigLex).count }
var bigTagger: Tagger!
let bigBuild = time { bigTagger = Tagger(lexicon: bigLex) }
let bigScan = time { sink &+= bigTagger.tag(String(input.prefix(4 << 20))).mentions.count }
print(
    String(
        format: "lexicon of %d terms (%d zh): validated in %.2f s (%d notes)", bigTerms.count,
        bigLex.concepts.flatMap(\.terms).filter { $0.language == .zh }.count, bigValidation, bigNotes))
print(
    String(
        format: "automaton for %d terms: built in %.2f s (%@); peak RSS now %.0f MB; tags 4 MB of the input in %.2f s",
        bigTerms.count, bigBuild, bigTagger.automatonDescription as NSString, peakRSSMB(), bigScan))
if sink == 42 { print("") }
try? FileManager.default.removeItem(at: work)
