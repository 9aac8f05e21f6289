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
