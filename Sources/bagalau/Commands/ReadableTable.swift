import Evaluation
import LedgerCore
import SQLiteStore

/// Read-model rows as a person reads them (the CLI's text views; `--json` keeps the raw rows for
/// programs): aligned columns with headings in words, flags as yes/no, an absent value as "—", and
/// instants in the body's own zone (`2018-01-03 10:00 +06`, not `2018-01-03T04:00:00.000000Z`).
enum ReadableTable {
    /// Integer columns that hold a yes/no (1/0).
    static let flags: Set<String> = ["quorate", "carried", "tie_broken_by_chair", "corrected_by_commission", "least_developed"]

    /// `corrected_by_commission` → `Corrected by commission`.
    static func heading(_ name: String) -> String {
        let words = name.split(separator: "_").map { ["id": "ID", "kpi": "KPI", "kpis": "KPIs", "hr": "HR"][String($0)] ?? String($0) }
        guard let first = words.first else { return name }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }

    static func value(_ value: ReadModelValue, column: String, zone: String) -> String {
        switch value {
        case .null: return "—"
        case .integer(let number) where flags.contains(column): return number == 0 ? "no" : "yes"
        case .integer(let number): return String(number)
        case .text(let text):
            if text.isEmpty { return "—" }
            // The ledger's one timestamp form, YYYY-MM-DDTHH:MM:SS.ffffffZ.
            if text.count == 27, text.hasSuffix("Z"), let instant = Timestamp(rfc3339: text) { return BodyTimeZone.localTime(of: instant, zone: zone) }
            return text
        }
    }

    /// A read model's rows, each with its instants in its body's own zone (the body of its `body_id`
    /// column, from its registration in the ledger; Asia/Almaty for a table without one).
    static func text(_ table: ReadModelTable, _ rows: [ReadModelRow], log: any EventStore) async throws -> String {
        let bodyColumn = table.columns.firstIndex { $0.name == "body_id" }
        var zones: [String: String] = [:]
        for row in rows {
            guard let bodyColumn, let body = row[bodyColumn].text, zones[body] == nil else { continue }
            zones[body] = try await BodyTimeZone.of(bodyId: body, in: log)  // the body's registration alone, not its staff
        }
        return render(columns: table.columns.map(\.name), rows: rows) { row in
            bodyColumn.flatMap { row[$0].text }.flatMap { zones[$0] } ?? "Asia/Almaty"
        }
    }

    /// The rows under their headings, each column as wide as its widest cell.
    static func render(columns: [String], rows: [ReadModelRow], zone: (ReadModelRow) -> String) -> String {
        let cells = rows.map { row in zip(columns, row).map { value($1, column: $0, zone: zone(row)) } }
        let headings = columns.map(heading)
        let widths = headings.indices.map { index in ([headings[index]] + cells.map { $0[index] }).map(\.count).max() ?? 0 }
        func line(_ items: [String]) -> String {
            zip(items, widths).enumerated().map { index, pair in
                index == items.count - 1 ? pair.0 : pair.0 + String(repeating: " ", count: pair.1 - pair.0.count)
            }.joined(separator: "  ")
        }
        return ([line(headings), line(widths.map { String(repeating: "─", count: $0) })] + cells.map(line)).joined(separator: "\n")
    }
}
