import Foundation

/// A `.zip` or `.tar.gz` in a corpus folder is read in place as a folder of documents:
/// each member is read as the file it would be outside the archive (format
/// by its extension or the corpus rules), and its documents, skipped items
/// and warnings carry the ID `archive.zip!folder/member.pdf`. The archive is
/// one unit of work (and one row of the store's files); it is never unpacked
/// to disk. Members follow the corpus's ignore rules; archives inside an
/// archive are not opened.
extension CorpusReader {
    /// The separator between an archive's path and a member's: `a.zip!notices/x.pdf`.
    package static let archiveSeparator = "!"

    func readArchive(_ bytes: UnsafeBufferPointer<UInt8>, into result: inout FileResult) {
        let zip: ZipArchive
        do {
            zip = try ZipArchive(bytes)
        } catch let error as PackageReadError {
            result.skipped.append(SkippedItem(source: result.path, reason: error.description(format: .zip)))
            return
        } catch {
            result.skipped.append(SkippedItem(source: result.path, reason: "\(error)"))
            return
        }
        let members = zip.names.enumerated().compactMap { i, name -> (Int, String)? in
            guard let name, isDocumentMember(name) else { return nil }
            return (i, name)
        }.sorted { $0.1 < $1.1 }
        for (index, name) in members {
            let path = result.path + Self.archiveSeparator + name
            if [.zip, .tarGz].contains(format(of: path)) {
                result.skipped.append(SkippedItem(source: path, reason: "an archive inside an archive is not opened: unpack it first"))
                continue
            }
            let data: [UInt8]
            do {
                data = try zip.read(index)
            } catch let error as PackageReadError {
                result.skipped.append(SkippedItem(source: path, reason: error.description(format: .zip)))
                continue
            } catch {
                result.skipped.append(SkippedItem(source: path, reason: "\(error)"))
                continue
            }
            add(read(path, contents: Data(data)), to: &result)
        }
        if members.isEmpty { result.skipped.append(SkippedItem(source: result.path, reason: "empty archive: no documents in it")) }
    }

    func readTarArchive(_ bytes: UnsafeBufferPointer<UInt8>, into result: inout FileResult) {
        let all: [TarArchive.Member]
        do {
            all = try TarArchive.members(gzip: bytes)
        } catch let error as PackageReadError {
            result.skipped.append(SkippedItem(source: result.path, reason: error.description(format: .tarGz)))
            return
        } catch {
            result.skipped.append(SkippedItem(source: result.path, reason: "\(error)"))
            return
        }
        let members = all.filter { isDocumentMember($0.name) }.sorted { $0.name < $1.name }
        for m in members {
            let path = result.path + Self.archiveSeparator + m.name
            if [.zip, .tarGz].contains(format(of: path)) {
                result.skipped.append(SkippedItem(source: path, reason: "an archive inside an archive is not opened: unpack it first"))
                continue
            }
            add(read(path, contents: Data(m.bytes)), to: &result)
        }
        if members.isEmpty { result.skipped.append(SkippedItem(source: result.path, reason: "empty archive: no documents in it")) }
    }

    /// Members that are documents: not folders, hidden files, macOS
    /// resource forks or what the corpus ignores.
    func isDocumentMember(_ name: String) -> Bool {
        !name.isEmpty && !name.hasSuffix("/") && !name.hasPrefix("__MACOSX/")
            && !name.split(separator: "/").contains(where: { $0.hasPrefix(".") || $0 == ".." })
            && !Self.matches(Self.alwaysIgnored + config.ignore, name)
    }

    func add(_ member: FileResult, to result: inout FileResult) {
        result.documents += member.documents
        result.events += member.events
        result.skipped += member.skipped
        result.warnings += member.warnings
    }
}
