/// ECMAScript `Number.prototype.toString` for finite doubles (ECMA-262 §7.1.12.1), as RFC 8785 §3.2.2.3
/// prescribes. Swift's own description already yields the shortest round-trip digits; this type places
/// them the way ECMAScript does.
public enum ECMAScriptNumber {
    public static func format(_ value: Double) -> String {
        precondition(value.isFinite, "RFC 8785 has no form for NaN or Infinity")
        if value == 0 { return "0" }
        if value < 0 { return "-" + format(-value) }
        let (digits, n) = shortestDigits(value)
        let k = digits.count
        if k <= n && n <= 21 { return digits + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 {
            return String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
        }
        if -6 < n && n <= 0 { return "0." + String(repeating: "0", count: -n) + digits }
        let exponent = n - 1
        let sign = exponent < 0 ? "-" : "+"
        let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
        return mantissa + "e" + sign + String(abs(exponent))
    }

    /// The shortest decimal digits `s` and position `n` with value = 0.s × 10^n.
    static func shortestDigits(_ value: Double) -> (digits: String, n: Int) {
        let description = value.description  // e.g. "123.45", "1e-07", "1.2345e+30"
        var mantissa = Substring(description)
        var exponent = 0
        if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = description[..<e]
            exponent = Int(description[description.index(after: e)...])!
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = Array(integerPart + fractionPart)
        var pointPosition = integerPart.count + exponent
        while let first = all.first, first == "0" {
            all.removeFirst()
            pointPosition -= 1
        }
        while let last = all.last, last == "0" { all.removeLast() }
        return (String(all), pointPosition)
    }
}
