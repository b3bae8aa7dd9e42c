import Foundation
import PolicyTraceText

/// A piece of a large JSON Lines, CSV or TSV file, cut at a record end:
/// read on its own, so a huge file never has to be in memory whole.
package struct FileChunk: Sendable, Equatable {
    package var part: Int
    /// Byte range of the chunk in the file.
    package var offset: Int
    package var length: Int
    /// Lines before the chunk, and records before it (JSON Lines: non-blank
    /// lines; CSV/TSV: rows after the header).
    var firstLine: Int
    var firstRecord: Int
    /// CSV/TSV: the file's bytes up to the end of its header row, which every
    /// chunk after the first needs. Empty otherwise.
    var header: [UInt8]

    package init(part: Int, offset: Int, length: Int, firstLine: Int, firstRecord: Int, header: [UInt8] = []) {
        self.part = part
        self.offset = offset
        self.length = length
        self.firstLine = firstLine
        self.firstRecord = firstRecord
        self.header = header
    }
}

/// Finds where a large JSON Lines, CSV or TSV file may be cut into chunks
/// of about `targetBytes`, as its bytes stream past once: at line ends for
/// JSON Lines, at record ends (outside quoted fields) for CSV and TSV.
package struct ChunkPlanner {
    let targetBytes: Int
    var scanner: DelimitedReader.Scanner?
    var none: [Result<DelimitedReader.Record, DelimitedReader.Malformed>] = []
    var chunks: [FileChunk] = []
    var header: [UInt8] = []
    var headerDone = false
    var position = 0, chunkStart = 0, chunkLine = 0, chunkRecord = 0
    var lines = 0, records = 0
    var line: [UInt8] = []
    var refused = false

    /// Nil for formats that are not cut.
    package init?(format: DocumentFormat, targetBytes: Int) {
        self.targetBytes = max(1, targetBytes)
        switch format {
        case .jsonl: scanner = nil
        case .csv: scanner = DelimitedReader.Scanner(delimiter: ",", collect: false)
        case .tsv: scanner = DelimitedReader.Scanner(delimiter: "\t", collect: false)
        default: return nil
        }
    }

    static let maxHeader = 1 << 20

    /// The next bytes of the file, in order.
    package mutating func feed(_ block: UnsafeBufferPointer<UInt8>) {
        if refused || block.isEmpty { return }
        if position == 0 && (block.starts(with: [0xFF, 0xFE]) || block.starts(with: [0xFE, 0xFF]) || block.prefix(8192).contains(0)) {
            refused = true
            return
        }
        if scanner != nil { feedDelimited(block) } else { feedLines(block) }
    }

    mutating func feedLines(_ block: UnsafeBufferPointer<UInt8>) {
        for byte in block {
            position += 1
            if byte == 0x0A {
                lines += 1
                if !line.withUnsafeBufferPointer(CorpusReader.isBlankLine) { records += 1 }
                line.removeAll(keepingCapacity: true)
                if position - chunkStart >= targetBytes { cut(line: lines, record: records) }
            } else if line.count < 80 {
                line.append(byte)
            } else if line.count == 80 {
                line.append(0x41)
            }
        }
    }

    mutating func feedDelimited(_ block: UnsafeBufferPointer<UInt8>) {
        for byte in block {
            position += 1
            if !headerDone {
                header.append(byte)
                if header.count > Self.maxHeader {
                    refused = true
                    return
                }
            }
            let boundary = scanner!.feed(byte, into: &none)
            if !headerDone && scanner!.records > 0 { headerDone = true }
            if boundary && headerDone && position - chunkStart >= targetBytes {
                cut(line: scanner!.line - 1, record: scanner!.records - 1)
            }
        }
    }

    mutating func cut(line: Int, record: Int) {
        chunks.append(
            FileChunk(
                part: chunks.count, offset: chunkStart, length: position - chunkStart,
                firstLine: chunkLine, firstRecord: chunkRecord, header: chunks.isEmpty || scanner == nil ? [] : header))
        chunkStart = position
        chunkLine = line
        chunkRecord = record
    }

    /// The chunks, in file order; nil when the file is better read whole
    /// (UTF-16, binary, a header row over a megabyte).
    package mutating func finish() -> [FileChunk]? {
        if refused { return nil }
        if position > chunkStart || chunks.isEmpty { cut(line: 0, record: 0) }
        return chunks
    }
}
