import Evaluation
import LedgerCore

/// The official forms the console prints, each filled from the ledger: its path under
/// `/console/forms/`, the cases it is of, its clause, the event that makes it fillable (one per quarter
/// for a quarterly sheet), its link's label, and what fills it.
struct ConsoleForms: Sendable {
    let path: String
    /// The case streams the form is of (`case/annual/`, `case/quarterly/`).
    let cases: String
    let clause: String
    /// The event whose presence in the case makes the form fillable.
    let filledBy: EventTypeDescriptor
    /// Whether the form is of one quarter (`?quarter=`).
    let perQuarter: Bool
    let label: String
    let values: @Sendable (ConsoleFormParties, ConsoleText) async throws -> [String: Any]

    static let all: [ConsoleForms] = [
        ConsoleForms(path: "work-plan", cases: "case/annual/", clause: "002 App. 1", filledBy: AnnualEvents.planDrafted, perQuarter: false, label: "workPlanLink") {
            try ConsoleWorkPlan(parties: $0, text: $1).values()
        },
        ConsoleForms(path: "kpi-sheet", cases: "case/annual/", clause: "002 App. 2", filledBy: AnnualEvents.kpiSheetSigned, perQuarter: false, label: "kpiSheetLink") {
            try ConsoleKPISheet(parties: $0, text: $1).values()
        },
        ConsoleForms(path: "competency-sheet", cases: "case/annual/", clause: "002 App. 3", filledBy: AnnualEvents.competencySheetSigned, perQuarter: false, label: "competencySheetLink") {
            try ConsoleCompetencySheet(parties: $0, text: $1).values()
        },
        ConsoleForms(path: "quarterly-plan", cases: "case/quarterly/", clause: "004 App. 1", filledBy: QuarterlyEvents.planSet, perQuarter: false, label: "qPlanLink") {
            try ConsoleQuarterlyPlan(parties: $0, text: $1).values()
        },
        ConsoleForms(path: "quarterly-kpi-sheet", cases: "case/quarterly/", clause: "004 App. 2", filledBy: QuarterlyEvents.kpisScored, perQuarter: true, label: "qKpiSheetLink") {
            try ConsoleQuarterlyKPISheet(parties: $0, text: $1).values()
        },
        ConsoleForms(path: "differentiation-sheet", cases: "case/quarterly/", clause: "004 App. 4", filledBy: QuarterlyEvents.differentiationScored, perQuarter: true, label: "diffSheetLink") {
            try ConsoleDifferentiationSheet(parties: $0, text: $1).values()
        },
        ConsoleForms(path: "report-360", cases: "case/quarterly/", clause: "004 App. 7", filledBy: QuarterlyEvents.surveyAnswersRecorded, perQuarter: false, label: "report360Link") {
            try Console360Report(parties: $0, text: $1).values()
        },
        ConsoleForms(path: "feedback", cases: "case/quarterly/", clause: "004 App. 8", filledBy: QuarterlyEvents.feedbackMeetingHeld, perQuarter: false, label: "feedbackLink") {
            try ConsoleFeedbackForm(parties: $0, text: $1).values()
        },
        ConsoleForms(path: "attestation-sheet", cases: "case/attestation/", clause: "000 §II.3, §III.2", filledBy: AttestationEvents.decided, perQuarter: false, label: "attSheetLink") {
            try await ConsoleAttestationSheet(parties: $0, text: $1).values()
        },
    ]

    /// The links to the forms a case's acts make fillable, a sheet per quarter scored.
    static func links(of file: CaseFile, text: ConsoleText, language: ConsoleText.Language) -> [[String: Any]] {
        all.filter { file.caseStream.hasPrefix($0.cases) }.flatMap { form -> [[String: Any]] in
            let filling = file.entries.filter { $0.event.type == form.filledBy.type }
            guard form.perQuarter else {
                return filling.isEmpty ? [] : [["href": "/console/forms/\(form.path)?case=\(file.caseStream)", "label": text(form.label, language)]]
            }
            let quarters = Set(filling.compactMap { try? $0.event.payload()["quarter"]?.integerValue }).sorted()
            return quarters.map { ["href": "/console/forms/\(form.path)?case=\(file.caseStream)&quarter=\($0)", "label": "\(text(form.label, language)) \($0)"] }
        }
    }
}
