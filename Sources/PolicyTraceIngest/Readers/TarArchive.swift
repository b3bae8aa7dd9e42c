import CZip

/// The regular files of a tar archive (ustar, with GNU long names and pax
/// `path` records), from a `.tar.gz` unpacked in memory (zlib through CZip).
enum TarArchive {
    struct Member: Equatable {
        var name: String
        var bytes: ArraySlice<UInt8>
    }

    /// The members of a gzip-compressed tar archive, in archive order.
    static func members(gzip bytes: UnsafeBufferPointer<UInt8>) throws -> [Member] {
        var out: UnsafeMutablePointer<UInt8>?
        var length: Int64 = 0
        let rc = pt_gunzip(bytes.baseAddress, Int64(bytes.count), ZipArchive.maxMemberBytes * 4, &out, &length)
        defer { pt_zip_free(out) }
        switch rc {
        case 0: break
        case 1: throw PackageReadError.tooLarge("the archive")
        default: throw PackageReadError.notZip("not valid gzip data")
        }
        let tar = out.map { Array(UnsafeBufferPointer(start: $0, count: Int(length))) } ?? []
        return try members(tar: tar)
    }

    static func members(tar: [UInt8]) throws -> [Member] {
        var members: [(name: [UInt8], bytes: ArraySlice<UInt8>)] = []
        var offset = 0
        var longName: [UInt8]?
        while offset + 512 <= tar.count {
            let header = tar[offset..<offset + 512]
            if header.allSatisfy({ $0 == 0 }) { break }  // end of archive
            guard checksumMatches(header) else {
                throw PackageReadError.notZip("not a tar archive (bad header checksum at byte \(offset))")
            }
            guard let size = octal(header, 124, 12), size >= 0 else {
                throw PackageReadError.notZip("not a tar archive (bad size at byte \(offset))")
            }
            let start = offset + 512
            let end = start + size
            guard end <= tar.count else { throw PackageReadError.notZip("truncated tar archive") }
            let type = header[header.startIndex + 156]
            var name = field(header, 0, 100)
            let prefix = field(header, 345, 155)
            if !prefix.isEmpty && header[header.startIndex + 257..<header.startIndex + 262].elementsEqual("ustar".utf8) {
                name = prefix + [0x2F] + name
            }
            let data = tar[start..<end]
            switch type {
            case UInt8(ascii: "L"):  // GNU long name for the next member
                longName = Array(data.prefix { $0 != 0 })
            case UInt8(ascii: "x"):  // pax header: `path=` overrides the next name
                longName = paxPath(data) ?? longName
            case UInt8(ascii: "0"), 0:
                members.append((longName ?? name, data))
                longName = nil
            default:  // folders, links, devices, global pax headers
                longName = nil
            }
            offset = start + (size + 511) / 512 * 512
        }
        // Names are bytes in the code page of the machine that made the
        // archive: GB18030 for all when one of them reads only so.
        let gbk = FileNames.holdsGB18030(members.map(\.name))
        return members.map { Member(name: FileNames.tarPath($0.name, gbk: gbk), bytes: $0.bytes) }
    }

    /// A name field's bytes, up to its first NUL.
    static func field(_ h: ArraySlice<UInt8>, _ at: Int, _ count: Int) -> [UInt8] {
        Array(h[h.startIndex + at..<h.startIndex + at + count].prefix { $0 != 0 })
    }

    static func octal(_ h: ArraySlice<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var n = 0
        var seen = false
        for b in h[h.startIndex + at..<h.startIndex + at + count] {
            if b == 0 || b == 0x20 { if seen { break } else { continue } }
            guard (0x30...0x37).contains(b), n < Int.max >> 4 else { return nil }
            n = n * 8 + Int(b - 0x30)
            seen = true
        }
        return n
    }

    static func checksumMatches(_ h: ArraySlice<UInt8>) -> Bool {
        guard let stored = octal(h, 148, 8) else { return false }
        var sum = 0
        for (i, b) in h.enumerated() { sum += (148..<156).contains(i) ? 0x20 : Int(b) }
        return sum == stored
    }

    /// `NN path=VALUE\n` records.
    static func paxPath(_ data: ArraySlice<UInt8>) -> [UInt8]? {
        // Byte-wise: a path written with `hdrcharset=BINARY` need not be UTF-8.
        for record in data.split(separator: 0x0A) {
            guard let space = record.firstIndex(of: 0x20) else { continue }
            let kv = record[(space + 1)...]
            if kv.starts(with: "path=".utf8) { return Array(kv.dropFirst(5)) }
        }
        return nil
    }
}
