import Evaluation
import LedgerCore
import SQLiteStore

/// The acts waiting for a person in their body's 2023 quarterly cases, as the ledger stands now, each a
/// link to its form with the case's fields filled in: the HR officer notifies the servant of an ended
/// quarter's evaluation before it is scored, with its deadline (004 §27, §31), and runs the year's 360
/// while the year is open (004 §34–§37); the evaluator scores an ended quarter (004 §5, §28, §30), the HR
/// officer familiarises the servant with a score (004 §12) and posts a signed calibration protocol
/// (004 §42), the servant may apply for a calibration session (004 §39), the maslikhat chair convenes it
/// and signs its protocol (004 §40, §42), and each participant argues and votes (004 §41–§42). Whether an
/// act is still in time is the rulebook's to say when it is performed.
struct ConsoleWaiting {
    let console: Console
    let language: ConsoleText.Language

    func items(for person: String, bodyId: String, organisation: OrganisationState, today: LocalDate) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        let hr = organisation.holder(of: Roles.hrOfficer, on: today) == person
        let chair = organisation.holder(of: Roles.maslikhatChair, on: today) == person
        let calendar = try await console.acts.calendarInForce()
        let quarterWord = console.text("quarter", language)
        let methodologies = try await console.acts.methodologies(bodyId: bodyId)
        for state in try QuarterlyCaseState.states(of: await console.store.readStreams(prefix: "case/quarterly/\(bodyId)/"), timeZone: organisation.timeZone) {
            let base = ["bodyId": state.bodyId, "year": String(state.year), "personId": state.personId]
            let parameters = methodologies.quarterlyVersions[state.methodologyVersionId]?.parameters
            func add(_ act: String, _ quarter: Int?, role: String, _ extra: [String: String] = [:], due: (date: LocalDate, clause: String)? = nil, inWorkingDays: Bool = false) {
                let query = base.merging(["role": role]) { a, _ in a }.merging(quarter.map { ["quarter": String($0)] } ?? [:]) { a, _ in a }.merging(extra) { a, _ in a }
                items.append(item(act, query, person: state.personId, year: state.year, today: today, quarter: quarter, quarterWord: quarterWord, due: due, inWorkingDays: inWorkingDays))
            }
            /// The plan's KPI numbers written into a list's rows (`scores[0].number=1`, …).
            func numbered(_ list: String) -> [String: String] {
                Dictionary(uniqueKeysWithValues: state.kpiNumbers.enumerated().map { ("\(list)[\($0.offset)].number", String($0.element)) })
            }
            // The head of apparatus's KPIs (004 §23): the evaluator sets them, agreed with HR; HR places them.
            if state.method == .kpi, state.planSetOn == nil, state.evaluatorId == person {
                add("quarterly.set-plan", nil, role: Roles.evaluator, ["agreedBy": organisation.holder(of: Roles.hrOfficer, on: today) ?? ""])
            }
            if state.method == .kpi, state.planSetOn != nil, state.planPlacedOn == nil, hr { add("quarterly.place-plan", nil, role: Roles.hrOfficer) }
            // 004 §34: the 360 once a year — HR opens it, the servant assesses themself, HR records the answers.
            if hr, state.survey == nil, !state.isClosed, LocalDate(year: state.year, month: 1, day: 1)! <= today { add("quarterly.open-360", nil, role: Roles.hrOfficer) }
            if let survey = state.survey, survey.answeredOn == nil {
                if hr { add("quarterly.record-360-answers", nil, role: Roles.hrOfficer) }
                if state.personId == person, survey.selfScores.isEmpty { add("quarterly.self-assess", nil, role: Roles.servant) }
            }
            for number in 1...4 {
                let quarter = state.quarters[number]
                let ended = QuarterlyRulebook.quarterDates(year: state.year, quarter: number).end < today
                // 004 §27, §31: the notice that the quarter is being evaluated, by the 5th (the head) or the 10th
                // of the next month — before it is scored; once scored, it tells no one anything.
                if hr, ended, quarter?.notifiedOn == nil, quarter?.evaluatorScore == nil, quarter?.exemption == nil, let parameters {
                    let kpi = state.method == .kpi
                    let due = QuarterlyGrades.deadline(year: state.year, quarter: number, day: kpi ? parameters.kpiNoticeDay : parameters.differentiationNoticeDay)
                    add("quarterly.notify", number, role: Roles.hrOfficer, due: (due, parameters.cite(kpi ? .quarterlyHeadNotice : .quarterlyServantNotice)))
                }
                // 004 §23: HR pre-computes the KPIs' actual values before the evaluator scores them (§28).
                if state.method == .kpi, hr, ended, state.planPlacedOn != nil, quarter?.completion.isEmpty ?? true, quarter?.exemption == nil {
                    add("quarterly.compute-actual-values", number, role: Roles.hrOfficer, numbered("values"))
                }
                let computed = state.method == .differentiation || !(quarter?.completion.isEmpty ?? true)
                if state.evaluatorId == person, ended, computed, quarter?.evaluatorScore == nil, quarter?.exemption == nil {
                    if state.method == .differentiation {
                        add("quarterly.score-differentiation", number, role: Roles.evaluator)
                    } else {
                        add("quarterly.score-kpis", number, role: Roles.evaluator, numbered("scores"))
                    }
                }
                guard let quarter, quarter.evaluatorScore != nil else { continue }
                if hr, quarter.familiarisedOn == nil { add("quarterly.familiarise", number, role: Roles.hrOfficer) }
                if state.personId == person, let familiarisedOn = quarter.familiarisedOn, quarter.calibration == nil {
                    // 004 §13: within so many working days of familiarisation, by the calendar in force.
                    let due = try parameters.map { (try calendar.deadline(workingDays: $0.calibrationApplicationWorkingDays, after: familiarisedOn), $0.cite(.quarterlyCalibrationApplication)) }
                    add("quarterly.apply-for-calibration", number, role: Roles.servant, due: due, inWorkingDays: true)
                }
                guard let calibration = quarter.calibration else { continue }
                if chair, calibration.sessionId == nil { add("quarterly.convene-calibration", number, role: Roles.maslikhatChair) }
                guard calibration.sessionId != nil, calibration.protocolSignedOn == nil else {
                    if hr, calibration.protocolSignedOn != nil, calibration.postedOn == nil { add("quarterly.post-protocol", number, role: Roles.hrOfficer) }
                    // APC Art. 91 (004 §42): the servant may complain of the calibration decision within months of
                    // learning of it — counted here from the protocol's posting, when the servant can learn of it.
                    if state.personId == person, let postedOn = calibration.postedOn, quarter.complaint == nil, let parameters {
                        add("quarterly.file-complaint", number, role: Roles.servant, ["learnedOn": postedOn.description],
                            due: (postedOn.adding(months: parameters.complaintMonths), parameters.cite(.quarterlyComplaint)))
                    }
                    continue
                }
                if calibration.participants.contains(person) {
                    let role = person == state.evaluatorId ? Roles.evaluator : Roles.calibrationParticipant
                    if !calibration.arguments.contains(where: { $0.personId == person }) { add("quarterly.argue", number, role: role) }
                    if !calibration.votes.contains(where: { $0.participantId == person }) { add("quarterly.vote", number, role: Roles.calibrationParticipant) }
                }
                if chair, calibration.votes.count == calibration.participants.count { add("quarterly.sign-protocol", number, role: Roles.maslikhatChair) }
            }
        }
        return items + (try await annualItems(for: person, bodyId: bodyId, organisation: organisation, today: today, methodologies: methodologies))
            + (try await attestationItems(for: person, bodyId: bodyId, organisation: organisation, today: today, methodologies: methodologies))
    }

    /// One act waiting: its title, whose case, the link to its form with `query` filled in. Every key the
    /// template asks is present (false when there is none; the word "quarter" too): a missing one is looked
    /// for up the whole context, row after row.
    /// A deadline `due` is shown with its clause — said to be counted in working days when it is — and
    /// said to have passed once `today` is after it.
    func item(_ act: String, _ query: [String: String], person: String, year: Int, today: LocalDate, quarter: Int? = nil, quarterWord: String = "",
              due: (date: LocalDate, clause: String)? = nil, inWorkingDays: Bool = false, note: String? = nil) -> [String: Any] {
        let href = "/console/acts/\(act)?" + query.sorted { $0.key < $1.key }.map { "\(Console.encoded($0.key))=\(Console.encoded($0.value))" }.joined(separator: "&")
        let deadline = due.map { ["date": ConsoleText.date($0.date, language), "clause": $0.clause, "missed": $0.date < today, "workingDays": inWorkingDays] as Any }
        return [
            "act": console.text.catalogues[language]?["act." + act] ?? act, "person": person, "year": year, "href": href,
            "quarter": quarter.map { $0 as Any } ?? false, "quarterWord": quarterWord, "due": deadline ?? false,
            "note": note.map { $0 as Any } ?? false,
        ]
    }
}
