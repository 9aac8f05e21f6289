import Evaluation
import LedgerCore

/// A case file as the console shows it (004 §21; for appeals reviewers, issue 6): every act with who,
/// in which role, when it happened and when it was recorded (in the body's time zone), the clause it
/// applied, its fields, and the event hash that proves it against a bundle; then the recorded reads.
struct ConsoleCaseFile {
    let file: CaseFile
    /// The reason a mandate holder gave for the read, carried to the pages linked from the file.
    let reason: String?
    /// The commissions that handled the case whose protocol the reader may open (``commissions(of:)``).
    let commissions: [String]
    let text: ConsoleText
    let language: ConsoleText.Language

    /// The commissions named by the case's acts (001 §28: the case handed to the commission).
    static func commissions(of file: CaseFile) -> [String] {
        Set(file.entries.compactMap { try? $0.event.payload()["commissionId"]?.stringValue }).sorted()
    }

    var values: [String: Any] {
        let acts = file.entries.map { entry -> [String: Any] in
            let event = entry.event
            let fields = entry.payload == nil ? [] : CaseFile.fields(entry.payload).map { ["name": $0.0, "value": $0.1] }
            return [
                "seq": event.seq, "type": event.type, "title": text.event(event.type, language), "clause": entry.clause, "person": event.actor.person, "role": text.role(event.actor.role, language),
                "occurredAt": ConsoleText.moment(event.occurredAt, zone: file.timeZone, language),
                "recordedAt": ConsoleText.moment(event.recordedAt, zone: file.timeZone, language),
                "hash": event.hash, "fields": fields, "hasFields": !fields.isEmpty,
            ]
        }
        let reads = file.reads.map { read -> [String: Any] in
            let payload = try? read.payload()
            return ["person": read.actor.person, "role": text.role(read.actor.role, language), "at": ConsoleText.moment(read.recordedAt, zone: file.timeZone, language),
                    "what": payload?["what"]?.stringValue ?? "", "reason": payload?["reason"]?.stringValue ?? ""]
        }
        // A mandate holder's reason goes with every link: each page reached is a read recorded with it.
        let carried = reason.flatMap { $0.isEmpty ? nil : "&reason=" + Console.encoded($0) } ?? ""
        var forms = ConsoleForms.links(of: file, text: text, language: language).map { link in
            link.merging(["href": (link["href"] as? String ?? "") + carried]) { _, new in new }
        }
        if file.caseStream.hasPrefix("case/attestation/") {
            forms.append(["href": "/console/attestation?case=\(file.caseStream)\(carried)", "label": text("attestationLink", language)])
        }
        forms.append(["href": "/console/case/history?case=\(file.caseStream)\(carried)", "label": text("historyLink", language)])
        for commission in commissions {
            forms.append(["href": "/console/commission?commission=\(commission)\(carried)", "label": "\(text("commissionLink", language)) \(commission)"])
        }
        return ["stream": file.caseStream, "acts": acts, "reads": reads, "hasReads": !reads.isEmpty, "forms": forms, "hasForms": !forms.isEmpty]
    }
}
