import Foundation

/// Variable names Stata accepts for PolicyTrace's columns. Stata names are
/// 1–32 characters of ASCII letters, digits and `_`, not starting with a
/// digit, and not a reserved word; concept IDs such as `hukou.reform` or
/// `community_exclusion.economic_participation` (41 characters) are not.
/// The mapping, applied to the columns of one table in order:
/// 1. every character other than `A–Z a–z 0–9 _` becomes `_` (`hukou.reform`
///    → `hukou_reform`); a name starting with a digit gets `v` in front, a
///    reserved word gets `_` behind;
/// 2. a name longer than 32 characters, or one already taken in the table,
///    becomes its first 27 characters, `_` and 4 hex digits of the FNV-1a
///    hash of the original column name (`community_exclusion_economi_3f2a`):
///    the same column always gets the same name, whatever else the table holds
///    (a rare second clash rehashes with a counter).
/// The original names are kept as variable labels (`load.do`) and in
/// `variables.csv`, so the mapping is reversible.
enum StataNames {
    static let reserved: Set<String> = [
        "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long",
        "_n", "_N", "_pi", "_pred", "_rc", "_se", "_skip", "strL", "using", "with",
    ]

    /// Whether Stata accepts `name` as a variable name.
    static func isValid(_ name: String) -> Bool {
        let u = Array(name.utf8)
        guard (1...32).contains(u.count), !reserved.contains(name), !isStrType(name) else { return false }
        func ok(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F }
        return u.allSatisfy(ok) && !(u[0] >= 0x30 && u[0] <= 0x39)
    }

    /// `str1` … `str2045` are type names.
    static func isStrType(_ name: String) -> Bool {
        guard name.hasPrefix("str"), let n = Int(name.dropFirst(3)) else { return false }
        return n >= 1 && n <= 2045 && !name.dropFirst(3).hasPrefix("0")
    }

    /// 32-bit FNV-1a of the UTF-8 bytes.
    static func hash(_ s: String, seed: Int = 0) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in s.utf8 + (seed == 0 ? [] : Array("#\(seed)".utf8)) { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    /// Stata names for a table's columns, in order, all valid and distinct.
    static func names(_ columns: [String]) -> [String] {
        var taken = Set<String>(), out: [String] = []
        for column in columns {
            var base = String(
                column.unicodeScalars.map { s -> Character in
                    s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_") ? Character(s) : "_"
                })
            if base.isEmpty || base.first!.isNumber { base = "v" + base }
            if reserved.contains(base) || isStrType(base) { base += "_" }
            var name = base
            var seed = 0
            while name.utf8.count > 32 || taken.contains(name) {
                name = String(base.prefix(27)) + "_" + String(format: "%04x", hash(column, seed: seed) & 0xFFFF)
                seed += 1
            }
            taken.insert(name)
            out.append(name)
        }
        return out
    }
}

/// `stata/`: the wide tables with Stata variable names (`StataNames`), and
/// `load.do`, which imports them with their original names as labels and
/// saves them as `.dta`.
package enum StataFiles {
    /// The Stata copies of the given CSV tables (name → text, as the run wrote
    /// them; a byte-order mark is dropped), plus `variables.csv` and `load.do`.
    package static func files(_ tables: [(name: String, csv: String)]) -> [(String, String)] {
        var out: [(String, String)] = []
        var map = CSVWriter(header: ["file", "variable", "column"])
        var load = """
            * PolicyTrace outputs for Stata, written by `policytrace run --stata`.
            * Column names are mapped to Stata names as docs/FORMATS.md ("Stata") describes;
            * each variable's label is the original column name (variables.csv lists both).
            * Run from this folder:  cd Output/stata  then  do load.do

            """
        for (name, csv) in tables {
            var text = csv.hasPrefix("\u{FEFF}") ? String(csv.dropFirst()) : csv
            let end = text.firstIndex(of: "\n") ?? text.endIndex
            let columns = headerFields(String(text[..<end]))
            let names = StataNames.names(columns)
            text.replaceSubrange(..<end, with: names.joined(separator: ","))
            out.append((name, text))
            let stem = (name as NSString).deletingPathExtension
            load += "\nimport delimited using \"\(name)\", varnames(1) case(preserve) encoding(\"utf-8\") bindquotes(strict) clear\n"
            for (variable, column) in zip(names, columns) {
                map.append([.text(name), .text(variable), .text(column)])
                load += "label variable \(variable) `\"\(column.prefix(80))\"'\n"
            }
            load += "save \"\(stem).dta\", replace\n"
        }
        out.append(("variables.csv", map.text))
        out.append(("load.do", load))
        return out
    }

    /// The fields of a CSV header line (quoted fields unquoted).
    static func headerFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var chars = Array(line.hasSuffix("\r") ? String(line.dropLast()) : line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }
}
