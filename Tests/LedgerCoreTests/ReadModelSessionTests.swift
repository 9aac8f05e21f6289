import Testing

@testable import LedgerCore

struct ReadModelSessionTests {
    static let table = ReadModelTable(name: "t", columns: [.init("k", .text), .init("n", .integer)])

    @Test("reads go to the cache first and to the store only on a miss; changes come out once, in order")
    func writeBack() throws {
        var loads = 0
        var session = ReadModelSession(tables: [Self.table], startsEmpty: false) { _, key in
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

    @Test("after a rebuild from empty, a miss means no row and the store is not asked")
    func startsEmpty() throws {
        var session = ReadModelSession(tables: [Self.table], startsEmpty: true) { _, _ in
            Issue.record("the store was asked")
            return nil
        }
        #expect(try session.row(Self.table, key: [.text("x")]) == nil)
    }
}

struct ReadModelSessionTrimTests {
    @Test("a rebuild's trimmed cache still knows which keys exist: flushed ones are loaded, unknown ones are not asked for")
    func trimmedRebuild() throws {
        let table = ReadModelSessionTests.table
        var asked: [[ReadModelValue]] = []
        var session = ReadModelSession(tables: [table], startsEmpty: true, cacheLimit: 1) { _, key in
            asked.append(key)
            return [key[0], .integer(1)]
        }
        session.upsert(table, [.text("a"), .integer(1)])
        session.upsert(table, [.text("b"), .integer(1)])
        #expect(session.takeChanges().map(\.key) == [[.text("a")], [.text("b")]])
        #expect(try session.row(table, key: [.text("a")]) == [.text("a"), .integer(1)])
        #expect(try session.row(table, key: [.text("c")]) == nil)
        #expect(asked == [[.text("a")]])
    }
}
