import LedgerCore

/// Replay and diff of one case or one body (design.md §9), shared by `bagalau replay`/`diff` and the
/// server's `/cases/replay` and `/cases/diff`: the events of the scope, the rows that belong to the case,
/// and the moment a reader names.
public enum ScopedReplay {
    /// The events of `body`, or of the case `stream` and its body's own streams, in ledger order a page at a
    /// time, without the reads recorded of them (a read changes no grade; the reads of a large body
    /// outnumber its acts — issue 12 §2): a body's by their positions on the stream index
    /// (``BodyStreams/forEachPage(of:in:prefixes:_:)``), a case's at once, the whole ledger's when neither
    /// is given.
    public static func forEachPage(_ store: any EventStore, case stream: String?, body: String?, _ page: ([RecordedEvent]) throws -> Void) async throws {
        if let body { return try await BodyStreams.forEachPage(of: body, in: store, prefixes: BodyStreams.actsAndFindings, page) }
        if let stream, let body = ExportBundle.Selection.body(of: stream) {
            return try page(try await BodyStreams.events(ofCase: stream, body: body, in: store, prefixes: BodyStreams.actsAndFindings))
        }
        var next: Int64 = 1
        while true {
            let events = try await store.readAll(fromSeq: next, limit: BodyStreams.pageSize)
            guard let last = events.last else { return }
            try page(events)
            next = last.seq + 1
        }
    }

    /// The grades and states as they stood at a moment, each table's rows kept to the case's when one is
    /// named (``belongs(_:table:to:)``), and the cases whose acts the moment admits.
    public struct Replay: Sendable {
        public let tables: [(table: ReadModelTable, rows: [ReadModelRow])]
        public let cases: [String]
    }

    /// The replay of the scope at `moment` on `axis`, folded in one pass over its events.
    public static func replay(_ store: any EventStore, case stream: String?, body: String?, asOf moment: Timestamp, axis: TimeAxis) async throws -> Replay {
        var fold = AsOfReplay.Fold(asOf: moment, axis: axis)
        var cases = Set<String>()
        try await forEachPage(store, case: stream, body: body) { page in
            for event in page {
                try fold.apply(event)
                if CaseRecord.isCase(event.stream), stream == nil || event.stream == stream, axis.includes(event, asOf: moment) { cases.insert(event.stream) }
            }
        }
        return Replay(tables: fold.finish().tables.map { table, rows in (table, rows.filter { belongs($0, table: table, to: stream) }) }, cases: cases.sorted())
    }

    /// What changed in the grades and states from one moment to another, row by row with each row's table,
    /// and the acts recorded (or that happened) after the first and by the second — of the case when one
    /// is named.
    public struct Diff: Sendable {
        public let changes: [(table: ReadModelTable, change: AsOfReplay.Change)]
        public let acts: [RecordedEvent]
    }

    /// The diff of the scope from `from` to `to` on `axis`, both moments folded in one pass over its events.
    public static func diff(_ store: any EventStore, case stream: String?, body: String?, from: Timestamp, to: Timestamp, axis: TimeAxis) async throws -> Diff {
        var before = AsOfReplay.Fold(asOf: from, axis: axis), after = AsOfReplay.Fold(asOf: to, axis: axis)
        var acts: [RecordedEvent] = []
        try await forEachPage(store, case: stream, body: body) { page in
            for event in page {
                try before.apply(event)
                try after.apply(event)
                if !axis.includes(event, asOf: from), axis.includes(event, asOf: to), stream == nil || event.stream == stream { acts.append(event) }
            }
        }
        let tables = AsOfReplay.viewTables
        let changes = AsOfReplay.changes(from: before.finish(), to: after.finish()).compactMap { change -> (table: ReadModelTable, change: AsOfReplay.Change)? in
            guard let table = tables[change.table], let row = change.after ?? change.before, belongs(row, table: table, to: stream) else { return nil }
            return (table, change)
        }
        return Diff(changes: changes, acts: acts)
    }

    /// Whether an as-of row belongs to the case asked for (any row, when none is): the same methodology's
    /// table and the case's person (the events are already those of the case's body).
    public static func belongs(_ row: ReadModelRow, table: ReadModelTable, to stream: String?) -> Bool {
        guard let stream else { return true }
        let kind = ["quarterly", "attestation"].first { table.name.hasPrefix($0) } ?? "annual"
        let sameMethodology = stream.hasPrefix("case/\(kind)/")
        let person = stream.split(separator: "/").last.map(String.init)
        let personColumn = table.columns.firstIndex { $0.name == "person_id" }
        return sameMethodology && (personColumn.map { row[$0].text == person } ?? true)
    }

    /// A moment as a reader writes it: an RFC 3339 date-time, or a date (its last microsecond, +05:00).
    public static func moment(_ text: String, field: String) throws -> Timestamp {
        if let instant = Timestamp(rfc3339: text) { return instant }
        if LocalDate(text) != nil, let instant = Timestamp(rfc3339: "\(text)T23:59:59.999999+05:00") { return instant }
        throw LedgerError.invalid(field, "must be an RFC 3339 date-time or a date YYYY-MM-DD; got \(text)")
    }
}
