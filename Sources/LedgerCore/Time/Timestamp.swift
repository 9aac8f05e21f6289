/// An instant with microsecond precision, printed in the ledger's one fixed form
/// `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC), so that stored timestamps sort as text.
///
/// `occurredAt` (valid time, given by the actor) and `recordedAt` (transaction time, given by the
/// store) are both timestamps (design.md §6).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) { self.microsecondsSinceEpoch = microsecondsSinceEpoch }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microsecondsSinceEpoch < b.microsecondsSinceEpoch }

    /// Midnight UTC at the start of `date`, plus an offset in seconds.
    public init(date: LocalDate, secondsIntoDay: Int = 0) {
        microsecondsSinceEpoch = (Int64(date.dayNumber) * 86_400 + Int64(secondsIntoDay)) * 1_000_000
    }

    /// The UTC calendar date of this instant.
    public var utcDate: LocalDate { LocalDate(dayNumber: Int(floorDivide(microsecondsSinceEpoch, 86_400_000_000))) }

    /// The calendar date of this instant in a zone `offsetSeconds` east of UTC (Asia/Almaty: +5 h since 2024-03-01, +6 h before).
    public func localDate(offsetSeconds: Int) -> LocalDate {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + Int64(offsetSeconds) * 1_000_000).utcDate
    }

    public var description: String {
        let micros = microsecondsSinceEpoch
        let day = floorDivide(micros, 86_400_000_000)
        var rest = micros - day * 86_400_000_000
        let (y, m, d) = LocalDate.civil(fromDays: Int(day))
        let hour = rest / 3_600_000_000
        rest -= hour * 3_600_000_000
        let minute = rest / 60_000_000
        rest -= minute * 60_000_000
        let second = rest / 1_000_000
        let fraction = rest - second * 1_000_000
        return String(unsafeUninitializedCapacity: 27) { out in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[i] = 0x30 + UInt8(v % 10)
                    v /= 10
                }
            }
            put(Int64(y), 4, at: 0); out[4] = 0x2D; put(Int64(m), 2, at: 5); out[7] = 0x2D; put(Int64(d), 2, at: 8)
            out[10] = 0x54; put(hour, 2, at: 11); out[13] = 0x3A; put(minute, 2, at: 14); out[16] = 0x3A
            put(second, 2, at: 17); out[19] = 0x2E; put(fraction, 6, at: 20); out[26] = 0x5A
            return 27
        }
    }

    /// Parses RFC 3339 date-times: `2023-07-07T09:30:00Z`, `2023-07-07T15:30:00.25+06:00`.
    /// Returns nil for anything else (a date alone, a missing offset, an impossible date).
    public init?(rfc3339 text: String) {
        var copy = text
        guard let parsed = copy.withUTF8({ Timestamp(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses only the ledger's own fixed form `YYYY-MM-DDTHH:MM:SS.ffffffZ` (27 bytes), as stored.
    /// Any other spelling of the same instant is rejected, so that a rewritten timestamp cannot
    /// verify (the chain hashes the stored text).
    public init?(fixedForm b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 27, b[19] == UInt8(ascii: "."), b[26] == UInt8(ascii: "Z"), let parsed = Timestamp(utf8: b) else { return nil }
        self = parsed
    }

    /// Parses RFC 3339 from UTF-8 bytes without copying them.
    public init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let byte = b[i]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let date = LocalDate(year: year, month: month, day: day),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < b.count, (0x30...0x39).contains(b[index]) {
                if digits < 6 { fraction = fraction * 10 + Int64(b[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { fraction *= 10 }
        }
        guard index < b.count else { return nil }
        var offsetSeconds = 0
        if b[index] == UInt8(ascii: "Z") || b[index] == UInt8(ascii: "z") {
            guard index + 1 == b.count else { return nil }
        } else {
            guard b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-"), index + 6 == b.count,
                b[index + 3] == UInt8(ascii: ":"),
                let oh = number((index + 1)..<(index + 3)), let om = number((index + 4)..<(index + 6)), oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        microsecondsSinceEpoch = seconds * 1_000_000 + fraction
    }
}

@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
