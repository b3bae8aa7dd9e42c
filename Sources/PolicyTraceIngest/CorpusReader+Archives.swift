import Foundation

/// A `.zip` in a corpus folder is read in place as a folder of documents:
/// each member is read as the file it would be outside the archive (format
/// by its extension or the corpus rules), and its documents, skipped items
/// and warnings carry the ID `archive.zip!folder/member.pdf`. The archive is
/// one unit of work (and one row of the store's files); it is never unpacked
/// to disk. Members follow the corpus's ignore rules; archives inside an
/// archive are not opened.
extension CorpusReader {
    /// The separator between an archive's path and a member's: `a.zip!notices/x.pdf`.
    public static let archiveSeparator = "!"

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
        let globs = Self.alwaysIgnored + config.ignore
        let members = zip.names.enumerated().compactMap { i, name -> (Int, String)? in
            guard let name, !name.hasSuffix("/"), !name.hasPrefix("__MACOSX/"),
                  !name.split(separator: "/").contains(where: { $0.hasPrefix(".") || $0 == ".." }),
                  !Self.matches(globs, name) else { return nil }
            return (i, name)
        }.sorted { $0.1 < $1.1 }
        for (index, name) in members {
            let path = result.path + Self.archiveSeparator + name
            if format(of: path) == .zip {
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
            let member = read(path, contents: Data(data))
            result.documents += member.documents
            result.events += member.events
            result.skipped += member.skipped
            result.warnings += member.warnings
        }
        if members.isEmpty { result.skipped.append(SkippedItem(source: result.path, reason: "empty archive: no documents in it")) }
    }
}
