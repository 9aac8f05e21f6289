/// The write path of design.md ("request → rulebook decides → store appends"): every draft is checked
/// against the event catalog, then appended. Nothing reaches the store unchecked.
public struct Ledger: Sendable {
    public let store: any EventStore
    public let catalog: EventCatalog

    public init(store: any EventStore, catalog: EventCatalog) {
        self.store = store
        self.catalog = catalog
    }

    @discardableResult
    public func record(_ appends: [StreamAppend]) async throws -> [RecordedEvent] {
        for append in appends {
            try EnvelopeRules.checkStream(append.stream)
            for draft in append.events { try catalog.validate(draft) }
        }
        return try await store.append(appends)
    }

    /// Appends the events of a JSON Lines text (``EventImport``), all or nothing. Every line is checked
    /// against the catalog, with its line number; a bad line anywhere stores nothing of the text.
    @discardableResult
    public func importLines(_ text: String, newID: @escaping @Sendable () -> String) async throws -> AppendSummary {
        try await store.appendAll(EventImport.chunks(of: text, catalog: catalog, newID: newID))
    }

    @discardableResult
    public func record(to stream: String, expecting version: ExpectedVersion, _ events: [EventDraft]) async throws
        -> [RecordedEvent]
    {
        try await record([StreamAppend(stream: stream, expectedVersion: version, events: events)])
    }
}
