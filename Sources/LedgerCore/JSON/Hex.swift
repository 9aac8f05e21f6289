/// Lower-case hexadecimal encoding of digests.
public enum Hex {
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = nibble(Int(byte >> 4))
                out[2 * index + 1] = nibble(Int(byte & 0x0F))
            }
            return bytes.count * 2
        }
    }

    public static func encode(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { encode($0) } }

    /// Whether `hex` is the lower-case hex spelling of `bytes`, without building a string.
    public static func matches(_ bytes: [UInt8], _ hex: UnsafeBufferPointer<UInt8>) -> Bool {
        guard hex.count == bytes.count * 2 else { return false }
        for (index, byte) in bytes.enumerated()
        where hex[2 * index] != nibble(Int(byte >> 4)) || hex[2 * index + 1] != nibble(Int(byte & 0x0F)) {
            return false
        }
        return true
    }

    private static let table: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66)
    /// The lower-case hex digit of a value 0–15.
    @inline(__always) static func nibble(_ value: Int) -> UInt8 { withUnsafeBytes(of: table) { $0[value] } }

    /// The bytes of a lower-case hex string; nil for anything else (odd length, upper case, other characters).
    public static func decode(_ text: String) -> [UInt8]? {
        var copy = text
        return copy.withUTF8 { decode(digits: $0) }
    }

    /// The bytes of lower-case hex digits given as UTF-8; nil for anything else.
    public static func decode(digits: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard digits.count % 2 == 0 else { return nil }
        // A digit's value by table, 0xFF for anything that is not a lower-case hex digit; the invalid bits are
        // gathered and tested once (verify decodes two hashes and a salt an event).
        var invalid: UInt8 = 0
        let bytes = values.withUnsafeBufferPointer { values in
            [UInt8](unsafeUninitializedCapacity: digits.count / 2) { out, count in
                for index in 0..<digits.count / 2 {
                    let high = values[Int(digits[2 * index])], low = values[Int(digits[2 * index + 1])]
                    invalid |= (high | low) & 0xF0
                    out[index] = high << 4 | low
                }
                count = digits.count / 2
            }
        }
        return invalid == 0 ? bytes : nil
    }

    private static let values: [UInt8] = (0...255).map { digit in
        switch digit {
        case 0x30...0x39: UInt8(digit - 0x30)
        case 0x61...0x66: UInt8(digit - 0x61 + 10)
        default: 0xFF
        }
    }

    /// Whether `text` is `count` lower-case hexadecimal characters.
    public static func isLowerHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
