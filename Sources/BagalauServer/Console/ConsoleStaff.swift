import Evaluation
import LedgerCore

/// The body's staff as its HR officer keeps it (001 §4; 004 §11, §21): each servant with position and
/// category, appointment and probation, direct supervisor, an absence on the day (leave, sick leave, a
/// business trip — what exempts a quarter or postpones an act), the body roles they hold, and a
/// dismissal; with the acts that change it, each a form.
struct ConsoleStaff {
    let organisation: OrganisationState
    let today: LocalDate
    let text: ConsoleText
    let language: ConsoleText.Language

    var values: [String: Any] {
        let bodyId = organisation.bodyId ?? ""
        var held: [String: [String]] = [:]
        for role in Powers.bodyRoles.sorted() {
            if let holder = organisation.holder(of: role, on: today) { held[holder, default: []].append(text.role(role, language)) }
        }
        let rows = organisation.servants.values.sorted { $0.personId < $1.personId }.map { servant -> [String: Any] in
            let absence = organisation.absence(of: servant.personId, on: today)
            return [
                "person": servant.personId, "position": servant.positionTitle, "category": servant.category,
                "appointed": ConsoleText.date(servant.appointedOn, language),
                "probation": servant.probationEndsOn.map { ConsoleText.date($0, language) } ?? "—",
                "supervisor": organisation.directSupervisor(of: servant.personId, on: today) ?? "—",
                "absence": absence.map { "\(text("leave." + $0.kind.rawValue, language)) \(ConsoleText.date($0.from, language))–\(ConsoleText.date($0.until, language))" } ?? "—",
                "roles": (held[servant.personId] ?? []).joined(separator: ", "),
                "dismissed": servant.dismissedOn.map { ConsoleText.date($0, language) } ?? "—",
            ]
        }
        let acts = ["organisation.appoint", "organisation.record-leave", "organisation.assign-role", "organisation.assign-supervisor", "organisation.dismiss"]
            .filter { ActCatalog.byName[$0] != nil }
            .map { ["href": "/console/acts/\($0)?bodyId=\(bodyId)", "title": text("act." + $0, language)] }
        return ["body": bodyId, "today": ConsoleText.date(today, language), "staff": rows, "count": rows.count, "acts": acts]
    }
}
