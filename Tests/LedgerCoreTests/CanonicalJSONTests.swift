import Testing

@testable import LedgerCore

/// RFC 8785 (JSON Canonicalization Scheme), tested against the RFC's own examples.
struct CanonicalJSONTests {
    @Test("RFC 8785 §3.2.2: the sample input canonicalises to the RFC's output")
    func rfcSample() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try CanonicalJSON.canonicalize(input) == expected)
    }

    @Test("RFC 8785 §3.2.3: members sort by UTF-16 code units, not by code points or UTF-8")
    func rfcSorting() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try CanonicalJSON.canonicalize(input) == expected)
    }

    @Test("RFC 8785 Appendix B: IEEE 754 doubles serialise as ECMAScript does", arguments: [
        (0x0000_0000_0000_0000, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ] as [(UInt64, String)])
    func rfcNumbers(bits: UInt64, expected: String) {
        #expect(ECMAScriptNumber.format(Double(bitPattern: bits)) == expected)
        #expect(CanonicalJSON.string(.double(Double(bitPattern: bits))) == expected)
    }

    @Test("integers stay exact and print without exponent or fraction")
    func integers() throws {
        #expect(try CanonicalJSON.canonicalize("[0, -0, 5, -12, 9007199254740992, 1.0, 100e0]") == "[0,0,5,-12,9007199254740992,1,100]")
    }

    @Test("whitespace between tokens disappears; whitespace inside strings stays")
    func whitespace() throws {
        #expect(try CanonicalJSON.canonicalize(" { \"b\" : [ 1 , 2 ] ,\n\"a\" : \" x y \" } ") == #"{"a":" x y ","b":[1,2]}"#)
    }

    @Test("nested objects are sorted at every level")
    func nested() throws {
        #expect(try CanonicalJSON.canonicalize(#"{"z":{"b":1,"a":{"d":1,"c":2}},"y":[{"q":1,"p":2}]}"#)
            == #"{"y":[{"p":2,"q":1}],"z":{"a":{"c":2,"d":1},"b":1}}"#)
    }
}
