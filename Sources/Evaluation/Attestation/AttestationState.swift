import LedgerCore

/// An attestation round as its order and schedule left it (stream `attestation/<bodyId>/<roundId>`).
public struct AttestationRound: StreamFold {
    public private(set) var version: Int64 = 0
    public private(set) var roundId: String?
    public private(set) var versionId = ""
    public private(set) var commissionId = ""
    public private(set) var orderDate = LocalDate(dayNumber: 0)
    public private(set) var subject: Set<String> = []
    public private(set) var notSubject: [String: String] = [:]
    public private(set) var publicRepresentatives: Set<String> = []
    /// Each person's date from the schedule.
    public private(set) var dates: [String: LocalDate] = [:]

    public init() {}

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        let ids = payload.strings
        switch event.type {
        case AttestationEvents.ordered.type:
            roundId = payload["roundId"]?.stringValue
            versionId = payload["versionId"]?.stringValue ?? ""
            commissionId = payload["commissionId"]?.stringValue ?? ""
            orderDate = payload["orderDate"]?.stringValue.flatMap(LocalDate.init) ?? orderDate
            subject = Set(ids("subject"))
            publicRepresentatives = Set(ids("publicRepresentativeIds"))
            if case .array(let items)? = payload["notSubject"] {
                for item in items { notSubject[item["personId"]?.stringValue ?? ""] = item["reason"]?.stringValue ?? "" }
            }
        case AttestationEvents.scheduled.type:
            guard case .array(let entries)? = payload["entries"] else { return }
            for entry in entries {
                if let person = entry["personId"]?.stringValue, let date = entry["date"]?.stringValue.flatMap(LocalDate.init) { dates[person] = date }
            }
        default:
            return
        }
    }
}

/// One person's attestation as its events left it (stream `case/attestation/…`).
public struct AttestationCaseState: StreamFold {
    public private(set) var version: Int64 = 0
    public private(set) var caseId: String?
    public private(set) var bodyId = ""
    public private(set) var roundId = ""
    public private(set) var personId = ""
    public private(set) var versionId = ""
    public private(set) var commissionId = ""
    /// The attestation date, as scheduled or moved.
    public private(set) var date = LocalDate(dayNumber: 0)
    public private(set) var reattestationOf: String?
    /// The day the person signed the notice, and the date it announced.
    public private(set) var notice: (signedOn: LocalDate, forDate: LocalDate)?
    public private(set) var documents: Set<String> = []
    /// Members present at the interview, once held.
    public private(set) var present: Set<String>?
    public private(set) var interviewedOn: LocalDate?
    /// Votes in the order cast.
    public private(set) var votes: [(memberId: String, outcome: String)] = []
    /// The outcome in force: the commission's, or the one an appeal put in its place.
    public private(set) var outcome: String?
    public private(set) var decidedOn: LocalDate?
    public private(set) var reattestation = false
    public private(set) var resultOrderedOn: LocalDate?
    public private(set) var filedOn: LocalDate?
    public private(set) var appeal: (authority: String, outcome: String?)?
    /// The agency department's analysis of the decision (003).
    public private(set) var reviewedOn: LocalDate?
    public var timeZone = "Asia/Almaty"

    public init() {}

    /// Issue 6: an attestation ends when its result is ordered and filed and no appeal is pending.
    public var isClosed: Bool { outcome != nil && resultOrderedOn != nil && filedOn != nil && (appeal.map { $0.outcome != nil } ?? true) }

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        let on = BodyTimeZone.localDate(of: event.occurredAt, zone: timeZone)
        func text(_ name: String) -> String { payload[name]?.stringValue ?? "" }
        func day(_ name: String) -> LocalDate? { payload[name]?.stringValue.flatMap(LocalDate.init) }
        switch event.type {
        case AttestationEvents.caseOpened.type:
            caseId = text("caseId")
            bodyId = text("bodyId")
            roundId = text("roundId")
            personId = text("personId")
            versionId = text("versionId")
            commissionId = text("commissionId")
            date = day("date") ?? date
            reattestationOf = payload["reattestationOf"]?.stringValue
        case AttestationEvents.noticeSigned.type:
            if let signed = day("signedOn"), let forDate = day("attestationDate") { notice = (signed, forDate) }
        case AttestationEvents.rescheduled.type:
            date = day("date") ?? date
        case AttestationEvents.documentFiled.type:
            documents.insert(text("kind"))
        case AttestationEvents.interviewHeld.type:
            present = Set(payload.strings("present"))
            interviewedOn = on
        case AttestationEvents.voteCast.type:
            votes.append((event.actor.person, text("outcome")))
        case AttestationEvents.decided.type:
            outcome = text("outcome")
            decidedOn = on
            reattestation = payload["reattestation"] == .bool(true)
        case AttestationEvents.resultOrdered.type:
            resultOrderedOn = on
        case AttestationEvents.filedToPersonalFile.type:
            filedOn = on
        case AttestationEvents.decisionReviewed.type:
            reviewedOn = on
        case AttestationEvents.appealFiled.type:
            appeal = (text("authority"), nil)
        case AttestationEvents.appealDecided.type:
            appeal?.outcome = text("outcome")
            if text("outcome") == "changed", let replaced = payload["newOutcome"]?.stringValue { outcome = replaced }
            if text("outcome") == "annulled" {
                // The decision is void: the commission interviews and decides again.
                (outcome, decidedOn, present, interviewedOn, votes, resultOrderedOn, filedOn, reattestation) = (nil, nil, nil, nil, [], nil, nil, false)
            }
        default:
            return
        }
    }
}
