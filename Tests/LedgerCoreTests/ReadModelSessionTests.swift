import Testing

@testable import LedgerCore

struct ReadModelSessionTests {
    static let table = ReadModelTable(name: "t", columns: [.init("k", .text), .init("n", .integer)])

    @Test("reads go to the cache first and to the store only on a miss; changes come out once, in order")
    func writeBack() throws {
        var loads = 0
        var session = ReadModelSession(tables: [Self.table]) { _, key in
            loads += 1
            return key == [.text("stored")] ? [.text("stored"), .integer(7)] : nil
        }
        #expect(try session.row(Self.table, key: [.text("stored")]) == [.text("stored"), .integer(7)])
        #expect(try session.row(Self.table, key: [.text("stored")]) == [.text("stored"), .integer(7)])
        #expect(loads == 1)
        session.upsert(Self.table, [.text("new"), .integer(1)])
        session.delete(Self.table, key: [.text("stored")])
        session.upsert(Self.table, [.text("new"), .integer(2)])
        let changes = session.takeChanges()
        #expect(changes.map(\.key) == [[.text("new")], [.text("stored")]])
        #expect(changes.map(\.row) == [[.text("new"), .integer(2)], nil])
        #expect(session.takeChanges().isEmpty)
    }
}

struct ReadModelSessionTrimTests {
    @Test("issue 12 §2: past its limit the cache is emptied after a flush, and rows flushed are read from the store again — memory bounded, nothing forgotten")
    func trimmed() throws {
        let table = ReadModelSessionTests.table
        var asked: [[ReadModelValue]] = []
        var session = ReadModelSession(tables: [table], cacheLimit: 1) { _, key in
            asked.append(key)
            return key == [.text("c")] ? nil : [key[0], .integer(1)]
        }
        session.upsert(table, [.text("a"), .integer(1)])
        session.upsert(table, [.text("b"), .integer(1)])
        #expect(session.takeChanges().map(\.key) == [[.text("a")], [.text("b")]])
        #expect(try session.row(table, key: [.text("a")]) == [.text("a"), .integer(1)])
        #expect(try session.row(table, key: [.text("c")]) == nil)
        #expect(try session.row(table, key: [.text("a")]) == [.text("a"), .integer(1)])
        #expect(asked == [[.text("a")], [.text("c")]])
    }
}

struct ReadModelValueTests {
    @Test("read-model text compares and hashes by its UTF-8 bytes, as SQLite's BINARY collation does: a composed and a decomposed é are two keys; order is byte order")
    func bytesNotCanonicalEquivalence() {
        let composed = ReadModelValue.text("\u{00E9}"), decomposed = ReadModelValue.text("e\u{0301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        #expect(decomposed < composed)  // 0x65 before 0xC3
        #expect(ReadModelValue.text("Ә") == .text("Ә") && ReadModelValue.text("a") < .text("b") && ReadModelValue.text("ab") > .text("a"))
        #expect(ReadModelValue.null < .integer(0) && ReadModelValue.integer(9) < .text(""))
        #expect(ReadModelKey(table: "t", key: [composed]) != ReadModelKey(table: "t", key: [decomposed]))
    }
}
