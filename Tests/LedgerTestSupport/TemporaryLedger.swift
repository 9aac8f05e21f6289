import Foundation
import LedgerCore
import SQLiteStore

/// A ledger file in a fresh temporary folder, with a manual clock. When it goes away its events are
/// written to `$BAGALAU_EVENT_DUMP_DIR` (if set), where CI validates each against its JSON Schema, and
/// the folder is deleted.
public final class TemporaryLedger: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init, and the store is itself Sendable.
    /// False for ledgers a test alters by raw SQL on purpose: their rows are not the ledger's writing.
    public let keepsEventsForSchemaCheck: Bool
    public let directory: URL
    public let path: String
    public let clock: ManualClock
    public let store: SQLiteEventStore
    /// The read models of `store`, in their file beside it.
    public let readModels: ReadModelStore

    public init(start: String = "2026-01-05T09:00:00Z", keepsEventsForSchemaCheck: Bool = true) throws {
        self.keepsEventsForSchemaCheck = keepsEventsForSchemaCheck
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bagalau-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("ledger.sqlite").path
        clock = ManualClock(Timestamp(rfc3339: start)!)
        store = try SQLiteEventStore(path: path, clock: clock)
        readModels = try ReadModelStore(beside: store)
    }

    deinit {
        if keepsEventsForSchemaCheck { EventDump.write(ledgerAt: path) }
        try? FileManager.default.removeItem(at: directory)
    }
}

public enum EventDump {
    /// Appends every event of the ledger at `path`, one envelope a line, to a new file in
    /// `$BAGALAU_EVENT_DUMP_DIR`. Does nothing when the variable is unset.
    public static func write(ledgerAt path: String) {
        guard let folder = ProcessInfo.processInfo.environment["BAGALAU_EVENT_DUMP_DIR"],
            SQLiteEventStore.ledgerExists(at: path), let store = try? SQLiteEventStore(path: path)
        else { return }
        var lines = ""
        try? store.forEachEvent { lines += CanonicalJSON.string($0.envelopeJSON) + "\n" }
        guard !lines.isEmpty else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = URL(fileURLWithPath: folder).appendingPathComponent("\(UUID().uuidString).jsonl")
        try? Data(lines.utf8).write(to: file)
    }
}

/// Builders for test events.
public enum Drafts {
    public static let hr = Actor(person: "hr-1", role: "hr-officer")

    public static func body(_ id: String, at time: String = "2018-01-03T09:00:00+06:00", eventID: String = UUID().uuidString.lowercased()) -> EventDraft {
        EventDraft(
            id: eventID, type: "organisation.body-registered", schemaVersion: 1, occurredAt: Timestamp(rfc3339: time)!, actor: hr,
            payload: ["bodyId": .string(id), "nameKk": "Аппарат", "region": "Түркістан облысы", "timeZone": "Asia/Almaty"])
    }

    public static func appointment(
        body: String, person: String, name: String = "Асқар Сейітов", appointedOn: String = "2016-02-15",
        at time: String = "2018-01-03T10:00:00+06:00", eventID: String = UUID().uuidString.lowercased()
    ) -> EventDraft {
        EventDraft(
            id: eventID, type: "organisation.servant-appointed", schemaVersion: 1, occurredAt: Timestamp(rfc3339: time)!, actor: hr,
            payload: ["bodyId": .string(body), "personId": .string(person), "fullName": .string(name),
                      "positionId": .string("pos-" + person), "positionTitle": "Chief specialist", "category": "E-3",
                      "appointedOn": .string(appointedOn)])
    }
}
