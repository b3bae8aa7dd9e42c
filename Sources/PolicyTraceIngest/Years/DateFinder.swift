import Foundation

/// Finds full calendar dates (year, month and day) in normalized text:
/// `2014年7月24日`, `二〇一四年七月二十四日`, `2014-07-30`, `July 30, 2014`, `30 July 2014`.
/// A bare year or a year and month is never a date here.
enum DateFinder {
    struct Found {
        var year: Int
        var month: Int
        var day: Int
        var range: NSRange
    }

    private static let months = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"

    private static let arabicCJK = Rx(#"(?<![0-9])([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日"#)
    private static let numeralCJK = Rx("([〇零一二三四五六七八九]{4})\\s*年\\s*([一二三四五六七八九十]{1,3})\\s*月\\s*([一二三四五六七八九十]{1,3})\\s*日")
    private static let iso = Rx(#"(?<![0-9])([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])"#)
    private static let monthDayYear = Rx("\\b(\(months))\\.?\\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\\s+([0-9]{4})(?![0-9])", caseInsensitive: true)
    private static let dayMonthYear = Rx("(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(\(months))\\.?,?\\s+([0-9]{4})(?![0-9])", caseInsensitive: true)

    /// All full dates in `range`, in text order.
    static func dates(in s: UText, range: NSRange? = nil) -> [Found] {
        var found: [Found] = []
        func add(_ m: NSTextCheckingResult, _ y: Int?, _ mo: Int?, _ d: Int?) {
            guard let y, let mo, let d, YearText.plausible.contains(y), (1...12).contains(mo), (1...31).contains(d) else { return }
            found.append(Found(year: y, month: mo, day: d, range: m.range))
        }
        for m in arabicCJK.matches(s, in: range) {
            add(m, s.group(m, 1).flatMap { Int($0) }, s.group(m, 2).flatMap { Int($0) }, s.group(m, 3).flatMap { Int($0) })
        }
        for m in numeralCJK.matches(s, in: range) {
            add(m, s.group(m, 1).flatMap(YearText.number), s.group(m, 2).flatMap(YearText.number), s.group(m, 3).flatMap(YearText.number))
        }
        for m in iso.matches(s, in: range) {
            add(m, s.group(m, 1).flatMap { Int($0) }, s.group(m, 3).flatMap { Int($0) }, s.group(m, 4).flatMap { Int($0) })
        }
        for m in monthDayYear.matches(s, in: range) {
            add(m, s.group(m, 3).flatMap { Int($0) }, s.group(m, 1).flatMap { YearText.monthNames[$0.lowercased()] }, s.group(m, 2).flatMap { Int($0) })
        }
        for m in dayMonthYear.matches(s, in: range) {
            add(m, s.group(m, 3).flatMap { Int($0) }, s.group(m, 2).flatMap { YearText.monthNames[$0.lowercased()] }, s.group(m, 1).flatMap { Int($0) })
        }
        return found.sorted { $0.range.location < $1.range.location }
    }
}
