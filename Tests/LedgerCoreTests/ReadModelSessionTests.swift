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

struct InMemoryFoldTests {
    /// Counts each stream's events in one table and lists them, one row an event, in a written-only other.
    struct Counting: Projection {
        static let counts = ReadModelTable(name: "counts", columns: [.init("stream", .text), .init("n", .integer)])
        static let log = ReadModelTable(name: "log", columns: [.init("seq", .integer), .init("stream", .text)], writtenOnly: true)
        let name = "counting"
        let version = 1
        var tables: [ReadModelTable] { [Self.counts, Self.log] }
        var readsLog = false
        func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
            if readsLog { _ = try session.row(Self.log, key: [.integer(event.seq)]) }
            let n = try session.row(Self.counts, key: [.text(event.stream)])?[1].integer ?? 0
            session.upsert(Self.counts, [.text(event.stream), .integer(n + 1)])
            session.upsert(Self.log, [.integer(event.seq), .text(event.stream)])
        }
    }

    @Test("issue 12 §2: a fold in memory keeps the tables its reader shows and those read back; a written-only table shown by no one keeps no row, and a projection that reads one back is refused, not folded wrong")
    func keepsWhatIsShown() throws {
        let moment = Timestamp(rfc3339: "2024-01-01T00:00:00Z")!
        let events = (1...6).map { seq in
            RecordedEvent(seq: Int64(seq), stream: "s\(seq % 2)", version: Int64((seq + 1) / 2), id: "e\(seq)", type: "t", schemaVersion: 1, occurredAt: moment,
                          recordedAt: moment, actor: Actor(person: "p", role: "r"), canonicalPayload: "{}", payloadSalt: nil, payloadDigest: "", prevHash: "", hash: "")
        }
        let all = try InMemoryReadModel(Counting(), events: events)
        #expect(all.rows["log"]?.count == 6 && all.rows["counts"] == [[.text("s0"), .integer(3)], [.text("s1"), .integer(3)]])
        var kept = InMemoryReadModel.Fold(Counting(), keeping: ["counts"])
        for event in events { try kept.apply(event) }
        let shown = kept.finish()
        #expect(shown.rows["counts"] == all.rows["counts"] && shown.rows["log"] == [])
        var reading = InMemoryReadModel.Fold(Counting(readsLog: true), keeping: ["counts"])
        let refusal = #expect(throws: LedgerError.self) { try reading.apply(events[0]) }
        #expect(refusal?.message.contains("read a row of log, a table said to be written only") == true)
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
