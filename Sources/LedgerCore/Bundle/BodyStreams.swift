/// The streams of one body, by the ledger's stream names: `body/B`, `methodology/B`, `attestation/B[/…]`
/// and `case/<kind>/B[/…]`, each also under `access/` (the reads of it) and `findings/` (the deadlines
/// judged in it) — exactly the streams ``ExportBundle/Selection/body(of:)`` gives to B. A body's events
/// are found by name and by prefix on the stream index, so a body's replay, diff or bundle costs what the
/// body holds, never a scan of the ledger (issue 12 §2).
public enum BodyStreams {
    /// The kinds of case stream (`case/<kind>/<body>/<year>/<person>`): one per methodology.
    public static let caseKinds = ["annual", "quarterly", "attestation"]
    /// What a stream's name may start with before the body's own stream name: the acts themselves, the
    /// reads of them, the deadlines judged in them.
    public static let everyPrefix = ["", "access/", "findings/"]
    /// The same without the reads: what a replay or a diff folds or lists — a read changes no grade and no
    /// state, and the reads of a large body outnumber its acts.
    public static let actsAndFindings = ["", "findings/"]

    /// Every event of the body's streams under `prefixes` (all of them by default), in `seq` order.
    public static func events(of body: String, in store: any EventStore, prefixes: [String] = everyPrefix) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        try await forEachPage(of: body, in: store, prefixes: prefixes) { events += $0 }
        return events
    }

    /// The same events a page at a time, in `seq` order, none held after its page: their positions are
    /// read from the stream index first (eight bytes each), then the events `pageSize` positions at a
    /// time — a large body's replay holds one page of its events, not all of them (issue 12 §2).
    public static func forEachPage(of body: String, in store: any EventStore, prefixes: [String] = everyPrefix, pageSize: Int = pageSize,
                                   _ page: ([RecordedEvent]) throws -> Void) async throws {
        let parents = ["attestation/\(body)"] + caseKinds.map { "case/\($0)/\(body)" }
        let seqs = try await store.seqs(
            streams: prefixes.flatMap { reader in (["body/\(body)", "methodology/\(body)"] + parents).map { reader + $0 } },
            prefixes: prefixes.flatMap { reader in parents.map { reader + $0 + "/" } })
        var start = 0
        while start < seqs.count {
            let end = min(start + pageSize, seqs.count)
            try page(try await store.readEvents(at: Array(seqs[start..<end])))
            start = end
        }
    }

    /// The names of the body's case streams, of every methodology, sorted within each.
    public static func caseStreams(of body: String, in store: any EventStore) async throws -> [String] {
        var names: [String] = []
        for kind in caseKinds { names += try await store.streamNames(prefix: "case/\(kind)/\(body)/") }
        return names
    }

    /// How many events a body's read holds at once.
    public static let pageSize = 2_000

    /// The events one case's replay needs: its own stream and the body's methodology versions and
    /// attestation rounds (with the round's own streams for an attestation case), each with its reads and
    /// judged deadlines — none of the body's other cases (a case in a ministry of 3,000 reads its own
    /// events, not 3,000 cases'), nor the body's staff stream, which no grade of a replay is folded from
    /// (the thousands of appointments of a large body; `RecordsTests` holds it).
    public static func events(ofCase stream: String, body: String, in store: any EventStore, prefixes: [String] = everyPrefix) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        for reader in prefixes {
            for name in ["methodology/\(body)", "attestation/\(body)", stream] {
                events += try await store.readStream(reader + name, fromVersion: 1)
            }
            if stream.hasPrefix("case/attestation/") {
                for (_, streamEvents) in try await store.readStreams(prefix: reader + "attestation/\(body)/") { events += streamEvents }
            }
        }
        events.sort { $0.seq < $1.seq }
        return events
    }
}

extension Array where Element == RecordedEvent {
    /// Events ordered by stream, then version, as one entry per stream (what a prefix read returns).
    package var groupedByStream: [(stream: String, events: [RecordedEvent])] {
        var streams: [(stream: String, events: [RecordedEvent])] = []
        for event in self {
            if streams.last?.stream == event.stream { streams[streams.count - 1].events.append(event) } else { streams.append((event.stream, [event])) }
        }
        return streams
    }
}
