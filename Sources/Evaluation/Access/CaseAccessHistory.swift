import LedgerCore

/// Who could read a case at a past moment, and who did (design.md §13: powers derived from the
/// ledger can be replayed). Everything is read as the ledger stood at the moment — events recorded by
/// then — so a later correction does not rewrite what was known.
public struct CaseAccessHistory: Sendable {
    public struct Holder: Sendable, Equatable {
        public let person: String
        public let mandateId: String
        public let power: String
        public let from: LocalDate
        public let until: LocalDate
    }

    public struct Read: Sendable, Equatable {
        public let person: String
        public let role: String
        public let what: String
        public let reason: String
        public let recordedAt: Timestamp
    }

    public let caseStream: String
    public let at: Timestamp
    /// The parties and the role each read in then (unrecorded reads).
    public let parties: [String: String]
    /// The accounts whose mandate in force then covered the case (each read recorded).
    public let mandateHolders: [Holder]
    /// Every recorded read of the case by then.
    public let reads: [Read]

    public init(of caseStream: String, store: any EventStore, at moment: Timestamp) async throws {
        self.caseStream = caseStream
        at = moment
        parties = try await CaseAccess.parties(of: caseStream, store: store, at: moment)
        let bodyId = ExportBundle.Selection.body(of: caseStream)
        let day = BodyTimeZone.localDate(of: moment, zone: "Asia/Almaty")
        var holders: [Holder] = []
        for stream in try await store.streamNames(prefix: AccessEvents.streamPrefix) {
            let account = try AccountState(events: try await store.readStream(stream, fromVersion: 1).filter { $0.recordedAt <= moment })
            guard account.status(at: moment) == .active, let person = stream.split(separator: "/").last.map(String.init) else { continue }
            for power in AccessEvents.mandatePowers {
                holders += account.mandates(power, covering: caseStream, bodyId: bodyId, on: day, at: moment).map {
                    Holder(person: person, mandateId: $0.id, power: $0.power, from: $0.from, until: $0.until)
                }
            }
        }
        mandateHolders = holders.sorted { ($0.person, $0.mandateId) < ($1.person, $1.mandateId) }
        reads = try await store.readStream(RecordsEvents.accessStream(of: caseStream), fromVersion: 1).filter { $0.recordedAt <= moment }.map { event in
            let payload = (try? event.payload()) ?? .null
            return Read(person: event.actor.person, role: event.actor.role, what: payload["what"]?.stringValue ?? "", reason: payload["reason"]?.stringValue ?? "", recordedAt: event.recordedAt)
        }
    }

    public var json: JSONValue {
        .object([
            ("case", .string(caseStream)), ("at", .string(at.description)),
            ("parties", .array(parties.sorted { $0.key < $1.key }.map { ["person": .string($0.key), "role": .string($0.value)] })),
            ("mandateHolders", .array(mandateHolders.map {
                ["person": .string($0.person), "mandateId": .string($0.mandateId), "power": .string($0.power), "from": .string($0.from.description), "until": .string($0.until.description)]
            })),
            ("reads", .array(reads.map {
                ["person": .string($0.person), "role": .string($0.role), "what": .string($0.what), "reason": .string($0.reason), "recordedAt": .string($0.recordedAt.description)]
            })),
        ])
    }
}
