import LedgerCore

/// Disagreements about the procedure (004 §17: "considered by the HR service with the assistance of
/// all interested persons and parties"): a party — the servant or the evaluator — raises one, HR
/// records it, considers it with the parties and records the resolution. Decided here: the party who
/// raised it takes part in the resolution; a disagreement is resolved once.
extension QuarterlyRulebook {
    func recordDisagreement(id: String, raisedBy: String, subject: String, _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlyDisagreement), act: "recording a disagreement about the procedure")
        guard facts.state.disagreements[id] == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyDisagreement), field: "payload.disagreementId", "disagreement \(id) is recorded already")
        }
        guard [facts.state.personId, facts.state.evaluatorId].contains(raisedBy) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyDisagreement), field: "payload.raisedBy",
                                  "a disagreement is raised by a party to the case: the servant (\(facts.state.personId)) or the evaluator (\(facts.state.evaluatorId)); got \(raisedBy)")
        }
        return facts.event(QuarterlyEvents.disagreementRecorded, [("disagreementId", .string(id)), ("raisedBy", .string(raisedBy)), ("subject", .string(subject))])
    }

    func resolveDisagreement(id: String, parties: [String], resolution: String, _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlyDisagreement), act: "resolving a disagreement about the procedure")
        guard let disagreement = facts.state.disagreements[id] else {
            throw Refusal.because(facts.parameters.cite(.quarterlyDisagreement), field: "payload.disagreementId", "no disagreement \(id) is recorded on this case")
        }
        guard disagreement.resolvedOn == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyDisagreement), field: "payload.disagreementId", "disagreement \(id) was resolved on \(disagreement.resolvedOn!)")
        }
        guard parties.contains(disagreement.raisedBy) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyDisagreement), field: "payload.parties", "HR considers it with the parties: \(disagreement.raisedBy), who raised it, takes part")
        }
        return facts.event(QuarterlyEvents.disagreementResolved, [
            ("disagreementId", .string(id)), ("parties", .array(parties.map(JSONValue.string))), ("resolution", .string(resolution)),
        ])
    }
}
