import LedgerCore

/// The write path for acts (design.md: request → rulebook decides → store appends): loads the state
/// the act is judged on, asks the act's rulebook, and appends its events at the version decided on.
public struct ActService: Sendable {
    public let ledger: Ledger
    public let calendar: WorkingDayCalendar
    /// The folded states of non-case streams, shared by every act this service decides.
    let cache: FoldCache

    public init(store: any EventStore, calendar: WorkingDayCalendar = .kazakhstan) {
        ledger = Ledger(store: store, catalog: BagalauCatalog.all)
        self.calendar = calendar
        cache = FoldCache()
    }

    private init(ledger: Ledger, calendar: WorkingDayCalendar, cache: FoldCache) {
        self.ledger = ledger
        self.calendar = calendar
        self.cache = cache
    }

    /// What an act's rulebook decided, and the stream and version its events are appended at.
    typealias Decided = (stream: String, version: ExpectedVersion, decision: Decision)

    /// The outcome of one act: the events stored and the deadline findings it raised.
    public struct Outcome: Sendable {
        public let events: [RecordedEvent]
        public let findings: [DeadlineFinding]
        /// True when the act's id was found stored and nothing was decided or written.
        public let alreadyRecorded: Bool
    }

    public func perform(_ request: ActRequest) async throws -> Outcome {
        // An act sent again under its id is not decided again: it is recorded already.
        if let recorded = try await recordedAlready(request) { return recorded }
        do {
            return try await decideAndRecord(request)
        } catch {
            // Another process may have recorded this very act between the check above and our append
            // (three `bagalau acts` of one file at once): then it is recorded, not refused or in conflict.
            if let recorded = try await recordedAlready(request) { return recorded }
            throw error
        }
    }

    /// The outcome of an act whose id is stored already, if it is.
    private func recordedAlready(_ request: ActRequest) async throws -> Outcome? {
        guard let id = request.id, let stored = try await ledger.store.event(id: id) else { return nil }
        return Outcome(events: [stored], findings: [], alreadyRecorded: true)
    }

    /// The working-day calendar in force: the shipped data plus every decree recorded so far (design.md §10).
    public func calendarInForce() async throws -> WorkingDayCalendar {
        let decrees = try await fold(CalendarDecrees.self, CalendarEvents.stream)
        return decrees.decrees.isEmpty ? calendar : try decrees.calendar(over: calendar)
    }

    private func decideAndRecord(_ request: ActRequest) async throws -> Outcome {
        let inForce = try await calendarInForce()
        let judging = inForce.decrees == calendar.decrees ? self : ActService(ledger: ledger, calendar: inForce, cache: cache)
        guard let declared = ActCatalog.byName[request.name] else { throw LedgerError(.unknownEventType, field: "act", "no act is called \(request.name) (see docs/acts.md)") }
        let (stream, version, decision) = try await declared.decide(judging, request)
        if let expected = request.expectedVersion {
            let actual: Int64 = switch version {
            case .noStream: 0
            case .exactly(let current): current
            case .any: expected
            }
            guard actual == expected else {
                throw LedgerError(.wrongExpectedVersion, field: "If-Match", "\(stream) is at version \(actual); the act was asked for on version \(expected): read it again")
            }
        }
        var drafts = decision.events
        if let id = request.id, let first = drafts.first {
            drafts[0] = EventDraft(id: id, type: first.type, schemaVersion: first.schemaVersion, occurredAt: first.occurredAt, actor: first.actor, payload: first.payload)
        }
        var appends = [StreamAppend(stream: stream, expectedVersion: version, events: drafts)]
        // Findings the act's own events do not carry are recorded beside it, in the same transaction.
        if let first = drafts.first, !decision.findings.isEmpty, first.payload["deadlines"] == nil {
            let judged = RecordsEvents.deadlinesJudged
            // Its id follows from the act's, so that the same act sent twice (or by two processes at once)
            // stores its findings once.
            appends.append(StreamAppend(stream: RecordsEvents.findingsStream(of: stream), expectedVersion: .any, events: [EventDraft(
                id: Self.derivedID(first.id, "deadlines-judged"), type: judged.type, schemaVersion: judged.schemaVersion, occurredAt: first.occurredAt, actor: first.actor,
                payload: .object([("actId", .string(first.id)), ("actType", .string(first.type)), ("deadlines", .array(decision.findings.map(\.json)))]))]))
        }
        let head = try await ledger.store.headSeq()
        let stored = try await ledger.record(appends).filter { $0.stream == stream }
        // Events returned at or below the head we read were there already: another process recorded the
        // same act (same id, same content) just before us, and the store wrote nothing.
        let already = !stored.isEmpty && stored.allSatisfy { $0.seq <= head }
        return Outcome(events: stored, findings: already ? [] : decision.findings, alreadyRecorded: already)
    }

    /// The stream's state as of its current version: from the cache (and the events since) for a
    /// non-case stream, folded from version 1 for a case.
    func fold<S: StreamFold>(_ type: S.Type, _ stream: String) async throws -> S {
        guard FoldCache.keeps(stream) else { return try S(events: try await ledger.store.readStream(stream, fromVersion: 1)) }
        return try await cache.fold(type, stream, store: ledger.store)
    }

    /// A UUID (version 5 layout) derived from `id` and `purpose` by SHA-256: the same inputs, the same id.
    static func derivedID(_ id: String, _ purpose: String) -> String {
        var bytes = Array(ChainHasher.rawDigest(Array("\(purpose):\(id)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// The act's `field`, or the shipped data named by `choice` (the first option when absent).
    func given(_ r: ActRequest, _ field: String, or choice: String, _ options: [(name: String, what: String, load: () throws -> JSONValue)]) throws -> JSONValue {
        if let value = r.fields[field] { return value }
        let name = r.optionalString(choice) ?? options[0].name
        guard let option = options.first(where: { $0.name == name }) else {
            throw LedgerError.invalid(choice, options.map { "\($0.name) (\($0.what))" }.joined(separator: " or ") + ", or give \(field); got \(name)")
        }
        return try option.load()
    }

    /// A case's state from its stream, in the body's zone.
    func foldCase<S: CaseFold>(_ type: S.Type, _ stream: String, zone: String) async throws -> S {
        try S(events: try await ledger.store.readStream(stream, fromVersion: 1), timeZone: zone)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
