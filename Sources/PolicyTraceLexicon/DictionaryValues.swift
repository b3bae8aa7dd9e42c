import Foundation
import PolicyTraceText

/// Terms as token-matching tools (quanteda's `tokens_lookup`, LIWC) need
/// them. Those tools compare a dictionary value with the text's word tokens,
/// one token at a time, so a value must be the term's own tokens joined by
/// single spaces: `户籍制度改革` is the three ICU tokens `户籍 制度 改革`, and
/// as one value it would never equal a single token. PolicyTrace matches the
/// characters instead (MATCHING.md), so the import side joins the tokens back.
package enum DictionaryValues {
    /// The values a term is written as: its ICU word tokens (quanteda's
    /// `tokens()` rules, `WordTokens`) joined by spaces, keeping a trailing
    /// `*` glob on the last token. An English term with hyphens gets a second
    /// value with the hyphens as spaces: PolicyTrace's `rural-to-urban` also
    /// matches `rural to urban`, which quanteda tokenises as three tokens.
    static func values(_ term: Term) -> [String] {
        let glob = term.text.hasSuffix("*")
        let bare = glob ? String(term.text.dropLast()) : term.text
        func value(_ s: String) -> String {
            WordTokens.tokens(s).joined(separator: " ") + (glob ? "*" : "")
        }
        var out = [value(bare)]
        if term.language == .en, bare.contains("-") {
            let spaced = value(bare.replacingOccurrences(of: "-", with: " "))
            if !out.contains(spaced) { out.append(spaced) }
        }
        return out
    }

    /// Every distinct value of a concept's terms, in term order.
    package static func values(_ terms: [Term]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for t in terms { for v in values(t) where seen.insert(v).inserted { out.append(v) } }
        return out
    }

    /// A value read from a quanteda or LIWC dictionary as a PolicyTrace term:
    /// spaces next to a CJK ideograph are dropped (`户籍 制度 改革` →
    /// `户籍制度改革`), and so is a space before a punctuation-only token
    /// (`workers ' compensation` → `workers' compensation`); other runs of
    /// white space become one space.
    static func term(fromValue value: String) -> String {
        let tokens = value.split(whereSeparator: \.isWhitespace).map(String.init)
        guard var out = tokens.first else { return "" }
        func ideographic(_ c: Character?) -> Bool { c?.unicodeScalars.contains { $0.properties.isIdeographic } ?? false }
        for t in tokens.dropFirst() {
            let punctuation = !t.contains { $0.isLetter || $0.isNumber || $0 == "*" }
            if ideographic(out.last) || ideographic(t.first) || punctuation { out += t } else { out += " " + t }
        }
        return out
    }

    /// The form PolicyTrace's dash rule matches a term by: hyphens as spaces.
    static func dashFolded(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "-", with: " ")
    }
}
