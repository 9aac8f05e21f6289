import Evaluation
import LedgerCore
import SQLiteStore

/// The acts waiting for a person in their body's open 2018 annual cases (001 §9–§40), as the ledger
/// stands now: the direct supervisor drafts the work plan — again after a return, whose reason is shown —
/// and submits it, then signs the KPI and competency sheets (001 §9–§11, §16–§27); the superior
/// supervisor approves the plan or returns it with a reason, and agrees the KPI sheet or returns it
/// (001 §12, §21); the HR officer hands the sheets to the commission (001 §28) and records the servant's
/// familiarisation with the approved result (001 §39–§40); the servant may appeal the commission's
/// decision until ten working days after it (001 §43), by the calendar in force — an appeal waits, with
/// that deadline, until it passes (a familiarised case counts as closed, and still may be appealed).
extension ConsoleWaiting {
    func annualItems(for person: String, bodyId: String, organisation: OrganisationState, today: LocalDate, methodologies: MethodologyVersions) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        let hr = organisation.holder(of: Roles.hrOfficer, on: today) == person
        for state in try AnnualCaseState.states(of: await console.store.readStreams(prefix: "case/annual/\(bodyId)/"), timeZone: organisation.timeZone) {
            let direct = organisation.directSupervisor(of: state.personId, on: today) == person
            let superior = organisation.superiorSupervisor(of: state.personId, on: today) == person
            let base = ["bodyId": state.bodyId, "year": String(state.year), "personId": state.personId]
            func add(_ act: String, role: String, _ extra: [String: String] = [:], due: (date: LocalDate, clause: String)? = nil, note: String? = nil) {
                items.append(item(act, base.merging(["role": role]) { a, _ in a }.merging(extra) { a, _ in a }, person: state.personId, year: state.year, today: today,
                                  due: due, inWorkingDays: due != nil, note: note))
            }
            if state.personId == person, state.appeal == nil, let due = try await appealDeadline(of: state, today: today, methodologies: methodologies) {
                add("annual.file-appeal", role: Roles.servant, due: due)
            }
            guard !state.isClosed else { continue }
            let returned = console.text("returnedWithReason", language)
            // The plan's rows: as last drafted (a returned plan is drafted again from them), else numbered
            // 1…n for the methodology's number of KPIs (001 §14).
            let count = methodologies.versions[state.methodologyVersionId]?.parameters.kpiCount ?? 0
            var planRows: [String: String] = [:]
            for (index, kpi) in state.kpis.enumerated() {
                for (name, value) in kpi.objectMembers ?? [] { planRows["kpis[\(index)].\(name)"] = value.stringValue ?? value.integerValue.map(String.init) ?? "" }
            }
            if state.kpis.isEmpty { for index in 0..<count { planRows["kpis[\(index)].number"] = String(index + 1) } }
            switch state.plan {
            case .none:
                if direct { add("annual.draft-plan", role: Roles.directSupervisor, planRows) }
            case .returned(_, let reason):
                if direct { add("annual.draft-plan", role: Roles.directSupervisor, planRows, note: "\(returned): \(reason)") }
            case .drafted:
                if direct { add("annual.submit-plan", role: Roles.directSupervisor) }
            case .submitted:
                if superior {
                    add("annual.approve-plan", role: Roles.superiorSupervisor)
                    add("annual.return-plan", role: Roles.superiorSupervisor)
                }
            case .approved:
                let numbers = state.kpis.compactMap { $0["number"]?.integerValue }
                let rows = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ("results[\($0.offset)].number", String($0.element)) })
                switch state.kpiSheet {
                case .none:
                    if direct { add("annual.sign-kpi-sheet", role: Roles.directSupervisor, rows) }
                case .returned(_, let reason):
                    if direct { add("annual.sign-kpi-sheet", role: Roles.directSupervisor, rows, note: "\(returned): \(reason)") }
                case .signed:
                    if superior {
                        add("annual.agree-kpi-sheet", role: Roles.superiorSupervisor)
                        add("annual.return-kpi-sheet", role: Roles.superiorSupervisor)
                    }
                case .agreed:
                    break
                }
                if direct, state.competencySheetSignedOn == nil { add("annual.sign-competency-sheet", role: Roles.directSupervisor) }
                if hr, case .agreed = state.kpiSheet, state.competencySheetSignedOn != nil, state.handedToCommission == nil {
                    add("annual.hand-to-commission", role: Roles.hrOfficer)
                }
                if hr, state.result != nil, state.familiarisedOn == nil, state.familiarisationRefusedOn == nil {
                    add("annual.record-familiarisation", role: Roles.hrOfficer)
                }
            }
        }
        return items
    }

    /// 001 §43: the last day to appeal a case's result while it has not passed by `today` — so many working
    /// days after the commission's decision (the day of the meeting that carried the motion; the
    /// approval's day when no meeting is on record), by the calendar in force, as the rulebook counts it
    /// when the appeal is filed. The decision is not after the approval: a result approved too long ago is
    /// passed over without reading its commission.
    func appealDeadline(of state: AnnualCaseState, today: LocalDate, methodologies: MethodologyVersions) async throws -> (date: LocalDate, clause: String)? {
        guard let result = state.result, let parameters = methodologies.versions[state.methodologyVersionId]?.parameters else { return nil }
        let calendar = try await console.acts.calendarInForce()
        guard try calendar.deadline(workingDays: parameters.appealWorkingDays, after: result.approvedOn) >= today else { return nil }
        var decidedOn = result.approvedOn
        if let handed = state.handedToCommission {
            let commission = try CommissionState(events: await console.store.readStream(CommissionEvents.stream(commissionId: handed.commissionId), fromVersion: 1))
            decidedOn = commission.meetings.values.first { $0.motions[result.motionId] != nil }?.date ?? decidedOn
        }
        let due = try calendar.deadline(workingDays: parameters.appealWorkingDays, after: decidedOn)
        return due >= today ? (due, parameters.cite(.annualAppeal)) : nil
    }
}
