import LedgerCore

/// Replay and diff of one case or one body (design.md §9), shared by `bagalau replay`/`diff` and the
/// server's `/cases/replay` and `/cases/diff`: the events of the scope, the rows that belong to the case,
/// and the moment a reader names.
public enum ScopedReplay {
    /// The events of `body`, or of the case `stream` and its body's own streams, read by their streams
    /// alone (``BodyStreams``) without the reads recorded of them (a read changes no grade; the reads of a
    /// large body outnumber its acts — issue 12 §2), or the whole ledger when neither is given.
    public static func events(_ store: any EventStore, case stream: String?, body: String?) async throws -> [RecordedEvent] {
        if let body { return try await BodyStreams.events(of: body, in: store, prefixes: BodyStreams.actsAndFindings) }
        if let stream, let body = ExportBundle.Selection.body(of: stream) {
            return try await BodyStreams.events(ofCase: stream, body: body, in: store, prefixes: BodyStreams.actsAndFindings)
        }
        var all: [RecordedEvent] = []
        var next: Int64 = 1
        while true {
            let page = try await store.readAll(fromSeq: next, limit: 10_000)
            guard let last = page.last else { break }
            all += page
            next = last.seq + 1
        }
        return all
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

    /// The grades and states as they stood at `moment` on `axis`, each table's rows kept to the case's
    /// when one is named (``belongs(_:table:to:)``).
    public static func tables(_ events: [RecordedEvent], asOf moment: Timestamp, axis: TimeAxis, case stream: String?) throws -> [(table: ReadModelTable, rows: [ReadModelRow])] {
        try AsOfReplay(events: events, asOf: moment, axis: axis).tables.map { table, rows in
            (table, rows.filter { belongs($0, table: table, to: stream) })
        }
    }

    /// What changed in the grades and states from `from` to `to` on `axis`, row by row, with each row's
    /// table, kept to the case's rows when one is named.
    public static func changes(_ events: [RecordedEvent], from: Timestamp, to: Timestamp, axis: TimeAxis, case stream: String?) throws -> [(table: ReadModelTable, change: AsOfReplay.Change)] {
        let tables = AsOfReplay.viewTables
        return AsOfReplay.changes(from: try AsOfReplay(events: events, asOf: from, axis: axis), to: try AsOfReplay(events: events, asOf: to, axis: axis))
            .compactMap { change in
                guard let table = tables[change.table], let row = change.after ?? change.before, belongs(row, table: table, to: stream) else { return nil }
                return (table, change)
            }
    }

    /// The acts recorded (or that happened) after `from` and by `to`, of the case when one is named.
    public static func acts(_ events: [RecordedEvent], from: Timestamp, to: Timestamp, axis: TimeAxis, case stream: String?) -> [RecordedEvent] {
        events.filter { !axis.includes($0, asOf: from) && axis.includes($0, asOf: to) && (stream == nil || $0.stream == stream) }
    }
}
