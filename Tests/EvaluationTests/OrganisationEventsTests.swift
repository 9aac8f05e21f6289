import LedgerCore
import Testing

@testable import Evaluation

struct OrganisationEventsTests {
    static let actor = Actor(person: "hr-1", role: "hr-officer")

    static func appointment(_ payload: JSONValue) -> EventDraft {
        EventDraft(type: "organisation.servant-appointed", schemaVersion: 1, occurredAt: Timestamp(rfc3339: "2018-01-03T10:00:00+06:00")!,
                   actor: actor, payload: payload)
    }

    @Test("001 §4: an appointment must carry its date, which decides the 3-month exemption")
    func appointmentNeedsDate() {
        let draft = Self.appointment(["bodyId": "b", "personId": "p", "fullName": "N", "positionId": "x", "positionTitle": "t", "category": "E-3"])
        #expect(throws: LedgerError.invalid("payload.appointedOn", "")) { try BagalauCatalog.all.validate(draft) }
    }

    @Test("a known type at an unknown schema version is refused naming the versions that exist")
    func unknownVersion() {
        let draft = EventDraft(type: "organisation.servant-appointed", schemaVersion: 9, occurredAt: Timestamp(microsecondsSinceEpoch: 0),
                               actor: Self.actor, payload: [:])
        do {
            try BagalauCatalog.all.validate(draft)
            Issue.record("accepted")
        } catch let error as LedgerError {
            #expect(error.code == .unknownEventType)
            #expect(error.message == "organisation.servant-appointed v9 has no schema (known versions: v1)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("every event type has a schema file name of the form <type>.v<N>.schema.json (design.md §11)")
    func schemaNames() {
        let all = BagalauCatalog.all.all
        #expect(all.allSatisfy { $0.schemaFileName == "\($0.type).v\($0.schemaVersion).schema.json" })
        #expect(all.count == 100)
        // Old versions stay beside the new ones (design.md §11).
        #expect(all.filter { $0.schemaVersion == 2 }.map(\.type) == ["access.case-read", "ledger.checkpoint-signed", "methodology.annual-evaluation-adopted", "methodology.attestation-regulation-adopted", "methodology.quarterly-evaluation-adopted", "organisation.role-assigned"])
        #expect(Set(all.filter { $0.schemaVersion == 2 }.map(\.type)).isSubset(of: Set(all.filter { $0.schemaVersion == 1 }.map(\.type))))
    }
}
