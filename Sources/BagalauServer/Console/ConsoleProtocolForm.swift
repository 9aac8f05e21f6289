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
    /// The commission's stream up to the meeting's last event.
    let commission: [RecordedEvent]
    /// The annual cases the meeting considered, by case id.
    let cases: [String: CaseRecord]
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
        func ofMeeting(_ event: RecordedEvent) -> Bool { (try? event.payload()["meetingId"]?.stringValue) == meetingId }
        guard let last = all.lastIndex(where: ofMeeting) else {
            throw LedgerError(.notFound, field: "meeting", "001 §29: commission \(commissionId) has no meeting \(meetingId) scheduled")
        }
        commission = Array(all[...last])
        var state = CommissionState()
        for event in commission { try state.apply(event) }
        let bodyId = state.bodyId ?? ""
        let body = try await store.readStream(OrganisationEvents.stream(bodyId: bodyId), fromVersion: 1)
        organisation = try OrganisationState(events: body)
        people = ConsoleBodyPeople(body: body, timeZone: organisation.timeZone, text: text, language: language)
        let caseIds = Set(state.meetings[meetingId]?.caseIds ?? [])
        var cases: [String: CaseRecord] = [:]
        for (stream, events) in try await store.readStreams(prefix: "case/annual/\(bodyId)/") {
            guard let id = try events.first(where: { $0.type == AnnualEvents.caseOpened.type })?.payload()["caseId"]?.stringValue, caseIds.contains(id) else { continue }
            cases[id] = try await CaseRecord.load(stream, from: store)
        }
        self.cases = cases
    }

    var values: [String: Any] {
        var state = CommissionState()
        for event in commission { try? state.apply(event) }
        let meeting = state.meetings[meetingId]
        func events(_ type: EventTypeDescriptor, motion: String? = nil) -> [RecordedEvent] {
            commission.filter { event in
                guard event.type == type.type, let payload = try? event.payload(), payload["meetingId"]?.stringValue == meetingId else { return false }
                return motion == nil || payload["motionId"]?.stringValue == motion
            }
        }
        let held = events(CommissionMeetingEvents.meetingHeld).last
        let present = meeting?.present.map { $0.sorted() } ?? []
        var proof: [RecordedEvent?] = events(CommissionMeetingEvents.meetingScheduled) + [held]
        let puts = events(CommissionMeetingEvents.motionPut)
        let rows = puts.enumerated().map { index, put -> [String: Any] in
            let motion = (try? put.payload()) ?? .null
            let motionId = motion["motionId"]?.stringValue ?? "", caseId = motion["caseId"]?.stringValue ?? ""
            let decided = events(CommissionMeetingEvents.motionDecided, motion: motionId).last
            let decision = try? decided?.payload()
            let record = cases[caseId]
            let kpi = try? record?.acts.last { $0.type == AnnualEvents.kpiSheetSigned.type }?.payload()
            let competencies = (try? record?.acts.last { $0.type == AnnualEvents.competencySheetSigned.type }?.payload()["competencies"]?.arrayValue) ?? nil
            let approved = record?.acts.last { $0.type == AnnualEvents.resultApproved.type && (try? $0.payload()["motionId"]?.stringValue) == motionId }
            let approval = try? approved?.payload()
            let servant = record.map { String($0.stream.split(separator: "/").last ?? "") }
            proof += [put, decided, approved]
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
        let signers = [["role": text("chairLabel", language), "name": people.person(state.chairId), "date": people.day(held)]]
            + present.filter { $0 != state.chairId }.map { ["role": text("memberLabel", language), "name": people.person($0), "date": people.day(held)] }
            + [["role": text("secretaryLabel", language), "name": people.person(state.secretaryId), "date": people.day(held)]]
        return [
            "commission": commissionId, "meeting": meetingId,
            "date": meeting.map { ConsoleText.date($0.date, language) } ?? "",
            "chair": people.person(state.chairId), "secretary": people.person(state.secretaryId),
            "members": state.memberIds.sorted().map { people.person($0) }.joined(separator: ", "),
            "present": held == nil ? text("notHeldYet", language) : present.map { people.person($0) }.joined(separator: ", "),
            "quorum": held == nil ? "—" : text((try? held?.payload()["quorate"]) == .bool(true) ? "quorate" : "notQuorate", language),
            "rows": rows, "signers": signers,
            "proof": people.proof(proof),
        ]
    }
}
