import Evaluation
import LedgerCore
import SQLiteStore

/// A person's attestation as the console shows it (seed 000; 003): the order that put them on the round
/// and their date and the signed notice, a month before it (000 §I.4), the package filed (000 §II), the
/// interview (000 §III.1), each member's vote and the decision — a tie decided by the chair's vote
/// (000 §III.2) — the order on the results (000 §IV.1) and the personal file (000 §IV.2), an appeal
/// (003); outcomes by the names the regulation gives them, and every event's hash.
struct ConsoleAttestation {
    let parties: ConsoleFormParties
    let round: [RecordedEvent]
    let regulation: AttestationParameters?
    let text: ConsoleText

    init(parties: ConsoleFormParties, store: any EventStore, text: ConsoleText) async throws {
        self.parties = parties
        self.text = text
        let payload = try parties.last(AttestationEvents.caseOpened)?.payload()
        let body = payload?["bodyId"]?.stringValue ?? "", roundId = payload?["roundId"]?.stringValue ?? ""
        round = try await store.readStream(AttestationEvents.roundStream(bodyId: body, roundId: roundId), fromVersion: 1)
        regulation = parties.methodology.attestationVersions[payload?["versionId"]?.stringValue ?? ""]?.parameters
    }

    /// An outcome by its name in the regulation.
    func outcome(_ id: String?) -> String { id.map { ConsoleText.outcome($0, in: regulation, parties.language) } ?? "—" }

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        guard let opened = parties.last(AttestationEvents.caseOpened) else {
            throw LedgerError(.notFound, field: "case", "000 §I.4: \(record.stream) is not an opened attestation")
        }
        func all(_ type: EventTypeDescriptor) -> [RecordedEvent] { record.acts.filter { $0.type == type.type } }
        func field(_ event: RecordedEvent?, _ name: String) -> String { (try? event?.payload()[name]?.stringValue) ?? nil ?? "" }
        let order = round.last { $0.type == AttestationEvents.ordered.type }
        let date = parties.last(AttestationEvents.rescheduled).map { field($0, "date") } ?? field(opened, "date")
        let notice = parties.last(AttestationEvents.noticeSigned)
        let finding = try notice?.payload()["deadlines"]?[0]
        let late = (finding?["actedOn"]?.stringValue ?? "") > (finding?["dueBy"]?.stringValue ?? "")
        let interview = parties.last(AttestationEvents.interviewHeld), decided = parties.last(AttestationEvents.decided)
        let decision = try decided?.payload()
        let resultOrder = parties.last(AttestationEvents.resultOrdered)
        let appeal = parties.last(AttestationEvents.appealFiled), appealDecided = parties.last(AttestationEvents.appealDecided)
        let values: [String: Any?] = [
            "stream": record.stream, "servant": parties.person(parties.servant), "position": parties.position,
            "roundHref": "/console/attestation/round?body=\(field(opened, "bodyId"))&round=\(field(opened, "roundId"))", "commission": field(opened, "commissionId"),
            "order": ["number": field(order, "orderNumber"), "date": ConsoleText.date(text: field(order, "orderDate"), language),
                      "commission": field(order, "commissionId"), "methods": field(order, "methods")],
            "date": ConsoleText.date(text: date, language), "rescheduled": parties.last(AttestationEvents.rescheduled).map { field($0, "reason") },
            "notice": notice.map { ["signedOn": ConsoleText.date(text: field($0, "signedOn"), language), "late": late] as [String: Any] },
            "documents": all(AttestationEvents.documentFiled).map { event -> [String: Any] in
                let kind = field(event, "kind")
                return ["kind": text.catalogues[language]?["document." + kind] ?? kind, "by": parties.person(event.actor.person), "on": parties.day(event), "content": field(event, "content")]
            },
            "interview": interview.map { event -> [String: Any] in
                ["on": parties.day(event), "present": ((try? event.payload().strings("present")) ?? []).joined(separator: ", "),
                 "report": field(event, "report"), "supervisorHeard": field(event, "supervisorHeard"), "previous": field(event, "previousComparison")]
            },
            "votes": all(AttestationEvents.voteCast).map { ["member": parties.person($0.actor.person), "outcome": outcome(field($0, "outcome"))] },
            "decision": decided.map { event -> [String: Any] in
                let parts: [String: Any?] = [
                    "outcome": outcome(decision?["outcome"]?.stringValue), "category": decision?["category"]?.stringValue, "on": parties.day(event),
                    "chair": parties.person(event.actor.person), "tieBroken": decision?["tieBrokenByChair"] == .bool(true),
                ]
                return parts.compactMapValues { $0 }
            },
            "resultOrder": resultOrder.map { ["number": field($0, "orderNumber"), "date": ConsoleText.date(text: field($0, "orderDate"), language)] },
            "filedOn": parties.last(AttestationEvents.filedToPersonalFile).map { parties.day($0) },
            "appeal": appeal.map { _ in
                ["authority": field(appeal, "authority"), "outcome": appealDecided.map { field($0, "outcome") } ?? text("notDecidedYet", language)]
            },
            "proof": parties.proof(record.acts),
        ]
        return values.compactMapValues { $0 }  // an absent part is no key: Mustache shows an optional's nil as text
    }
}
