import Evaluation
import LedgerCore

/// A case — or a body's cases — over time, for auditors and appeals reviewers (issue 6; design.md §9): the
/// grades and states as they stood at a moment on either time axis — what the ledger knew (recorded) or
/// what was true (occurred) — and what changed between two moments with the acts that changed it, each
/// with its clause, who, when it happened and was recorded, and its event hash. A body's page shows the
/// cases the reader was admitted to, and only those.
struct ConsoleCaseHistory {
    /// What the page is of: one case, or a body with the cases of it the reader may read.
    enum Scope {
        case stream(String)
        case body(String, admitted: Set<String>)
    }

    let scope: Scope
    let store: any EventStore
    let timeZone: String
    let text: ConsoleText
    let language: ConsoleText.Language

    /// The page's values for the moments a form asks — `at` (now when empty), and `from` and `to` for the
    /// difference — each a `datetime-local` in the page's time zone.
    func values(axis: TimeAxis, moments: ConsoleForm, reason: String?) async throws -> [String: Any] {
        let moment = { (name: String) throws -> Timestamp? in try moments.filled(name).map { try Console.instant($0, field: name, zone: timeZone) } }
        return try await values(axis: axis, at: try moment("at") ?? SystemClock().now(), from: try moment("from"), to: try moment("to"), reason: reason)
    }

    /// The page's values for the moments asked (`at`; `from` and `to` for the difference), each an instant.
    func values(axis: TimeAxis, at: Timestamp, from: Timestamp?, to: Timestamp?, reason: String?) async throws -> [String: Any] {
        var values: [String: Any] = [
            "reason": reason ?? "", "hasReason": !(reason ?? "").isEmpty,
            "axes": TimeAxis.allCases.map { ["value": $0.rawValue, "name": text("axis" + $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst(), language), "selected": $0 == axis] as [String: Any] },
            "at": local(at), "atShown": ConsoleText.moment(at, zone: timeZone, language), "from": from.map(local) ?? "", "to": to.map(local) ?? "",
        ]
        switch scope {
        case .stream(let stream):
            values.merge(["stream": stream, "action": "/console/case/history", "scopeField": "case", "scopeValue": stream,
                          "exportHref": "/cases/export?" + query(["case": stream, "reason": reason])]) { a, _ in a }
        case .body(let body, let admitted):
            values.merge(["body": body, "admitted": admitted.count, "action": "/console/body/history", "scopeField": "body", "scopeValue": body]) { a, _ in a }
        }
        let tables = try await ScopedReplay.replay(store, case: onlyCase, body: onlyBody, asOf: at, axis: axis).tables.map { table, rows in (table, rows.filter { shows($0, table) }) }
            .filter { !$0.1.isEmpty }.map { table, rows -> [String: Any] in
            ["name": text("table." + table.name, language), "rows": rows.map { row in
                ["cells": zip(table.columns, row).map { column, value in ["label": label(column.name), "value": shown(value, column: column.name)] }]
            }]
        }
        values["tables"] = tables
        values["hasTables"] = !tables.isEmpty
        if let from, let to {
            let diff = try await ScopedReplay.diff(store, case: onlyCase, body: onlyBody, from: from, to: to, axis: axis)
            let changes = diff.changes.filter { table, change in (change.after ?? change.before).map { shows($0, table) } ?? false }.flatMap { table, change in
                change.columns.map { column -> [String: Any] in
                    let index = table.columns.firstIndex { $0.name == column }!
                    return ["table": text("table." + table.name, language), "column": label(column),
                            "before": change.before.map { shown($0[index], column: column) } ?? "—", "after": change.after.map { shown($0[index], column: column) } ?? "—"]
                }
            }
            let acts = diff.acts.filter(shows).map { act -> [String: Any] in
                ["seq": act.seq, "type": act.type, "title": text.event(act.type, language), "case": act.stream,
                 "clause": BagalauCatalog.all.descriptor(type: act.type, schemaVersion: act.schemaVersion)?.clause ?? "",
                 "person": act.actor.person, "role": text.role(act.actor.role, language),
                 "occurredAt": ConsoleText.moment(act.occurredAt, zone: timeZone, language), "recordedAt": ConsoleText.moment(act.recordedAt, zone: timeZone, language),
                 "hash": act.hash]
            }
            values["diff"] = ["fromShown": ConsoleText.moment(from, zone: timeZone, language), "toShown": ConsoleText.moment(to, zone: timeZone, language),
                              "changes": changes, "hasChanges": !changes.isEmpty, "acts": acts, "hasActs": !acts.isEmpty] as [String: Any]
        }
        return values
    }

    /// The case of a case's page (nil for a body's).
    var onlyCase: String? {
        if case .stream(let stream) = scope { return stream }
        return nil
    }

    /// The body of a body's page (nil for a case's).
    var onlyBody: String? {
        if case .body(let body, _) = scope { return body }
        return nil
    }

    /// Whether a row is of a case the page shows (any row of the case's own page).
    func shows(_ row: ReadModelRow, _ table: ReadModelTable) -> Bool {
        guard case .body(_, let admitted) = scope else { return true }
        return admitted.contains { ScopedReplay.belongs(row, table: table, to: $0) }
    }

    /// Whether an act is of a case the page shows.
    func shows(_ act: RecordedEvent) -> Bool {
        guard case .body(_, let admitted) = scope else { return true }
        return admitted.contains(act.stream)
    }

    /// A column's name in the language (its read-model name when the catalogues have none).
    func label(_ column: String) -> String { text.catalogues[language]?["column." + column] ?? column }

    /// A stored value as the page shows it: a 2018 grade by its name, a day in the language's convention,
    /// a decimal with its comma.
    func shown(_ value: ReadModelValue, column: String) -> String {
        switch value {
        case .null: return "—"
        case .integer(let number): return String(number)
        case .text(let code) where column.hasSuffix("_grade"): return text.grade(code, language)
        case .text(let text):
            if LocalDate(text) != nil { return ConsoleText.date(text: text, language) }
            if text.allSatisfy({ $0.isNumber || $0 == "." }), text.contains(".") { return ConsoleText.decimal(text, language) }
            return text
        }
    }

    /// An instant as a `datetime-local` field holds it, in the body's time zone.
    func local(_ instant: Timestamp) -> String {
        let local = BodyTimeZone.localTime(of: instant, zone: timeZone)
        return local.prefix(10) + "T" + local.dropFirst(11).prefix(5)
    }

    func query(_ items: [String: String?]) -> String {
        items.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : "\(name)=\(Console.encoded($0))" } }
            .sorted().joined(separator: "&")
    }
}
