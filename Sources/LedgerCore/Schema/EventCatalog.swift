/// One event type at one schema version: its name, what it records, the clause that governs it, and
/// its payload shape.
public struct EventTypeDescriptor: Sendable {
    public let type: String
    public let schemaVersion: Int
    public let summary: String
    /// The rule it records, e.g. `001 §9` (empty for ledger-level events).
    public let clause: String
    public let payload: PayloadShape

    public init(type: String, schemaVersion: Int, summary: String, clause: String = "", payload: PayloadShape) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.summary = summary
        self.clause = clause
        self.payload = payload
    }

    /// `schemas/<type>.v<schemaVersion>.schema.json`
    public var schemaFileName: String { "\(type).v\(schemaVersion).schema.json" }
}

/// Every event type the ledger accepts (design.md §11). Unknown types are refused.
public struct EventCatalog: Sendable {
    private struct Key: Hashable, Sendable {
        let type: String
        let schemaVersion: Int
    }

    private var descriptors: [Key: EventTypeDescriptor] = [:]

    public init(_ descriptors: [EventTypeDescriptor] = []) {
        for descriptor in descriptors { register(descriptor) }
    }

    public mutating func register(_ descriptor: EventTypeDescriptor) {
        descriptors[Key(type: descriptor.type, schemaVersion: descriptor.schemaVersion)] = descriptor
    }

    public func merging(_ other: EventCatalog) -> EventCatalog {
        var merged = self
        for descriptor in other.all { merged.register(descriptor) }
        return merged
    }

    public var all: [EventTypeDescriptor] {
        descriptors.values.sorted { ($0.type, $0.schemaVersion) < ($1.type, $1.schemaVersion) }
    }

    public func descriptor(type: String, schemaVersion: Int) -> EventTypeDescriptor? {
        descriptors[Key(type: type, schemaVersion: schemaVersion)]
    }

    /// Envelope rules, then the payload against its shape.
    public func validate(_ draft: EventDraft) throws {
        try EnvelopeRules.check(draft)
        guard let descriptor = descriptor(type: draft.type, schemaVersion: draft.schemaVersion) else {
            let known = descriptors.values.filter { $0.type == draft.type }.map { "v\($0.schemaVersion)" }.sorted()
            let hint = known.isEmpty ? "no such event type" : "known versions: \(known.joined(separator: ", "))"
            // A known type at an unknown version is the version's fault, not the type's.
            throw LedgerError(.unknownEventType, field: known.isEmpty ? "type" : "schemaVersion", "\(draft.type) v\(draft.schemaVersion) has no schema (\(hint))")
        }
        try descriptor.payload.validate(draft.payload, at: "payload")
    }
}
