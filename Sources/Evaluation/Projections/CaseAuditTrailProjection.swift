import LedgerCore

/// Every act of every case and commission, in order: who (person and role), when it happened, when it
/// was recorded, and the clause that governs it — for appeals reviewers (design.md, users). Reads no
/// payload, so it survives a retention purge unchanged.
public struct CaseAuditTrailProjection: Projection {
    public let name = "case-audit-trail"
    public let version = 1

    public static let trail = ReadModelTable(name: "case_audit_trail", columns: [
        .init("stream", .text), .init("version", .integer), .init("seq", .integer), .init("type", .text),
        .init("summary", .text), .init("clause", .text), .init("actor_person", .text), .init("actor_role", .text),
        .init("occurred_at", .text), .init("recorded_at", .text),
    ], keyColumnCount: 2, writtenOnly: true)

    public var tables: [ReadModelTable] { [Self.trail] }
    public var readsPurgedEvents: Bool { true }
    public var readsPayloads: Bool { false }
    private let catalog: EventCatalog

    public init(catalog: EventCatalog = BagalauCatalog.all) {
        self.catalog = catalog
    }

    public func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
        guard event.stream.hasPrefix("case/") || event.stream.hasPrefix("commission/") else { return }
        let descriptor = catalog.descriptor(type: event.type, schemaVersion: event.schemaVersion)
        session.upsert(Self.trail, [
            .text(event.stream), .integer(event.version), .integer(event.seq), .text(event.type),
            .text(descriptor?.summary ?? ""), .text(descriptor?.clause ?? ""), .text(event.actor.person), .text(event.actor.role),
            .text(event.occurredAt.description), .text(event.recordedAt.description),
        ])
    }
}
