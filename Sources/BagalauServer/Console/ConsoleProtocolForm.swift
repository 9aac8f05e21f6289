import Evaluation
import LedgerCore

/// The 2018 method's protocol of a commission meeting (Комиссия отырысының хаттамасы, 002 App. 5; 001
/// §30–§39), filled from the ledger: the commission as its orders composed it on the meeting's day
/// (chair, members, the secretary who does not vote, 001 §34), the members present and whether two thirds
/// were (§30), and per servant put to it: the KPI sheet's grade and the competencies met (§18, §27), the
/// motion with the open votes for and against and a tie the chair's vote decided (§32–§33), the column
/// "the result corrected by the commission (if any)" (§38), and the result the authorised person approved
/// (§39); the signatures of the chair, the members present and the secretary, and the events that prove
/// it. The 2018 methodology names App. 5 without reproducing it; the form carries what its clauses say.
struct ConsoleProtocolForm {
    let commissionId: String
    let meetingId: String
    /// The commission as its orders composed it by the meeting's last event.
    let state: CommissionState
    /// The meeting's own events (schedule, attendance, motions, votes, decisions), in order, with their payloads.
    let meetingEvents: [(event: RecordedEvent, payload: JSONValue)]
    /// The annual cases the meeting considered, by case id: each stream and its events.
    let cases: [String: (stream: String, events: [RecordedEvent])]
    let people: ConsoleBodyPeople
    let organisation: OrganisationState
    let text: ConsoleText
    let language: ConsoleText.Language

    init(commissionId: String, meetingId: String, store: any EventStore, text: ConsoleText, language: ConsoleText.Language) async throws {
        self.commissionId = commissionId
        self.meetingId = meetingId
        self.text = text
        self.language = language
        let all = try await store.readStream(CommissionEvents.stream(commissionId: commissionId), fromVersion: 1)
        // Each payload parsed once: the meeting's events kept, the commission folded up to the last of them.
        // A purge (001 §8) empties the events about a purged case (its notice, motion, votes, decision):
        // nothing of them is left to print.
        let parsed = try all.filter { $0.canonicalPayload != nil }.map { (event: $0, payload: try $0.payload()) }
        guard let last = parsed.lastIndex(where: { $0.payload["meetingId"]?.stringValue == meetingId }) else {
            throw LedgerError(.notFound, field: "meeting", "001 §29: commission \(commissionId) has no meeting \(meetingId) scheduled")
        }
        meetingEvents = parsed[...last].filter { $0.payload["meetingId"]?.stringValue == meetingId }
        var state = CommissionState()
        for (event, _) in parsed[...last] { try state.apply(event) }
        self.state = state
        let bodyId = state.bodyId ?? ""
        let body = try await store.readStream(OrganisationEvents.stream(bodyId: bodyId), fromVersion: 1)
        organisation = try OrganisationState(events: body)
        people = ConsoleBodyPeople(body: body, timeZone: organisation.timeZone, text: text, language: language)
        let caseIds = Set(state.meetings[meetingId]?.caseIds ?? [])
        var cases: [String: (stream: String, events: [RecordedEvent])] = [:]
        for (stream, events) in try await store.readStreams(prefix: "case/annual/\(bodyId)/") {
            guard let opening = events.first(where: { $0.type == AnnualEvents.caseOpened.type }), opening.canonicalPayload != nil,  // a purged case: nothing to print
                let id = try opening.payload()["caseId"]?.stringValue, caseIds.contains(id)
            else { continue }
            cases[id] = (stream, events)
        }
        self.cases = cases
    }

    var values: [String: Any] {
        let meeting = state.meetings[meetingId]
        func events(_ type: EventTypeDescriptor) -> [(event: RecordedEvent, payload: JSONValue)] { meetingEvents.filter { $0.event.type == type.type } }
        let held = events(CommissionMeetingEvents.meetingHeld).last
        let present = meeting?.present.map { $0.sorted() } ?? []
        var proof: [RecordedEvent?] = events(CommissionMeetingEvents.meetingScheduled).map(\.event) + [held?.event]
        // Each motion's decision, found by its id once.
        let decisions = Dictionary(events(CommissionMeetingEvents.motionDecided).map { ($0.payload["motionId"]?.stringValue ?? "", $0) }) { _, later in later }
        let rows = events(CommissionMeetingEvents.motionPut).enumerated().map { index, put -> [String: Any] in
            let motion = put.payload
            let motionId = motion["motionId"]?.stringValue ?? "", caseId = motion["caseId"]?.stringValue ?? ""
            let decided = decisions[motionId]?.event, decision = decisions[motionId]?.payload
            let record = cases[caseId]
            let kpi = try? record?.events.last { $0.type == AnnualEvents.kpiSheetSigned.type }?.payload()
            let competencies = (try? record?.events.last { $0.type == AnnualEvents.competencySheetSigned.type }?.payload()["competencies"]?.arrayValue) ?? nil
            let approved = record?.events.last { $0.type == AnnualEvents.resultApproved.type && (try? $0.payload()["motionId"]?.stringValue) == motionId }
            let approval = try? approved?.payload()
            let servant = record.map { String($0.stream.split(separator: "/").last ?? "") }
            proof += [put.event, decided, approved]
            let corrected = motion["proposal"]?.stringValue == "revise" && decision?["carried"] == .bool(true)
            return [
                "number": index + 1, "servant": people.person(servant), "position": servant.flatMap { organisation.servants[$0]?.positionTitle } ?? "",
                "case": caseId,
                "kpiGrade": kpi?["grade"]?.stringValue.map { text.grade($0, language) } ?? "—",
                "competencies": competencies.map { list in "\(list.filter { $0["meetsExpectations"] == .bool(true) }.count) / \(list.count)" } ?? "—",
                "proposal": text("proposal." + (motion["proposal"]?.stringValue ?? ""), language),
                "votes": decision.map { "\($0["votesFor"]?.integerValue ?? 0) / \($0["votesAgainst"]?.integerValue ?? 0)" } ?? "—",
                "tieBroken": decision?["tieBrokenByChair"] == .bool(true),
                "decision": decision.map { text($0["carried"] == .bool(true) ? "carried" : "notCarried", language) } ?? text("notDecidedYet", language),
                // Only a carried revision fills the correction column (001 §38); Mustache shows an empty string's section.
                "corrected": corrected ? motion["revisedGrade"]?.stringValue.map { text.grade($0, language) } ?? "" : "",
                "reason": (corrected ? motion["reason"]?.stringValue : nil).map { [$0] } ?? [],
                "approved": approval?["finalGrade"]?.stringValue.map { text.grade($0, language) } ?? "—",
                "approvedBy": approved.map { "\(people.person($0.actor.person)), \(people.day($0))" } ?? "",
            ]
        }
        let signers = [["role": text("chairLabel", language), "name": people.person(state.chairId), "date": people.day(held?.event)]]
            + present.filter { $0 != state.chairId }.map { ["role": text("memberLabel", language), "name": people.person($0), "date": people.day(held?.event)] }
            + [["role": text("secretaryLabel", language), "name": people.person(state.secretaryId), "date": people.day(held?.event)]]
        return [
            "commission": commissionId, "meeting": meetingId,
            "date": meeting.map { ConsoleText.date($0.date, language) } ?? "",
            "chair": people.person(state.chairId), "secretary": people.person(state.secretaryId),
            "members": state.memberIds.sorted().map { people.person($0) }.joined(separator: ", "),
            "present": held == nil ? text("notHeldYet", language) : present.map { people.person($0) }.joined(separator: ", "),
            "quorum": held == nil ? "—" : text(held?.payload["quorate"] == .bool(true) ? "quorate" : "notQuorate", language),
            "rows": rows, "signers": signers,
            "proof": people.proof(proof),
        ]
    }
}
