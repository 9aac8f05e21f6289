import LedgerCore

/// A score or average held as an exact fraction (design.md §9: never binary floating point). Scores
/// are 0–5; the quarterly and annual averages of 004 §5, §28 keep every digit until banding rounds them.
public struct ExactScore: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    public init(_ numerator: Int64, over denominator: Int64 = 1) {
        precondition(denominator > 0, "a score's denominator is positive")
        let divisor = Self.gcd(abs(numerator), denominator)
        self.numerator = numerator / max(divisor, 1)
        self.denominator = denominator / max(divisor, 1)
    }

    /// Parses an exact decimal such as "3.75" or "4".
    public init?(decimal text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2, let whole = Int64(parts[0]), whole >= 0 else { return nil }
        guard parts.count == 2 else {
            self.init(whole)
            return
        }
        guard !parts[1].isEmpty, parts[1].count <= 9, parts[1].allSatisfy(\.isNumber), let fraction = Int64(parts[1]) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<parts[1].count { scale *= 10 }
        self.init(whole * scale + fraction, over: scale)
    }

    /// Parses ``exactText`` ("14/3", "4") or an exact decimal ("3.75").
    public init?(fraction text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            self.init(decimal: text)
            return
        }
        guard let numerator = Int64(parts[0]), let denominator = Int64(parts[1]), numerator >= 0, denominator > 0 else { return nil }
        self.init(numerator, over: denominator)
    }

    /// Every digit kept: the reduced fraction ("14/3"), or the whole number ("4") when it is one. What
    /// the ledger stores; ``description`` is only the banded figure.
    public var exactText: String { denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)" }

    /// The value as an exact decimal ("3.75", "4", "87.5"), as payloads write decimals (design.md §9);
    /// nil when no finite decimal is exact (14/3). Every score parsed by ``init(decimal:)`` has one.
    public var decimalText: String? {
        var scale: Int64 = 1
        var digits = 0
        while scale % denominator != 0 {
            guard digits < 18 else { return nil }
            scale *= 10
            digits += 1
        }
        let scaled = numerator * (scale / denominator)
        guard digits > 0 else { return String(scaled) }
        let fraction = String(scaled % scale)
        return "\(scaled / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// The mean of `scores`, exact; nil for none.
    public static func mean(_ scores: [ExactScore]) -> ExactScore? {
        guard !scores.isEmpty else { return nil }
        let common = scores.reduce(Int64(1)) { lcm($0, $1.denominator) }
        let total = scores.reduce(Int64(0)) { $0 + $1.numerator * (common / $1.denominator) }
        return ExactScore(total, over: common * Int64(scores.count))
    }

    /// Hundredths, rounded half up (0.005 → 0.01): the rounding applied before banding (004 §8).
    public var roundedHundredths: Int64 { (numerator * 200 + denominator) / (denominator * 2) }

    /// Two decimals, rounded half up: "4.00", "3.99".
    public var description: String {
        let hundredths = roundedHundredths
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (a: ExactScore, b: ExactScore) -> Bool { a.numerator * b.denominator < b.numerator * a.denominator }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }
    static func lcm(_ a: Int64, _ b: Int64) -> Int64 { a / gcd(a, b) * b }
}
