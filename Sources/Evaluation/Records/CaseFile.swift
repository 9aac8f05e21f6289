import LedgerCore

/// The case file for appeals reviewers (issue 6): every act of one case in ledger order — who (person
/// and role), when it happened, when it was recorded, the clause applied, what it said (votes,
/// corrections with before/after and reason, scores), the deadlines it was judged against — and every
/// recorded read of the case. Rendered as text, JSON or a printable HTML page.
public struct CaseFile: Sendable {
    public struct Entry: Sendable {
        public let event: RecordedEvent
        public let summary: String
        public let clause: String
        /// The act's fields as recorded; nil once purged.
        public let payload: JSONValue?
        public let deadlines: [JSONValue]
    }

    public let caseStream: String
    /// The body's zone: the text and HTML show times as the body reads them (JSON keeps the instants).
    public let timeZone: String
    public let entries: [Entry]
    /// Recorded reads of the case by auditors and appeals reviewers (004 §21; design.md §12).
    public let reads: [RecordedEvent]
    /// Per act seq, the decrees recorded after it that change a day within one of its deadlines' span.
    public let laterDecrees: [Int64: [String]]

    public init(_ record: CaseRecord, catalog: EventCatalog = BagalauCatalog.all) {
        caseStream = record.stream
        timeZone = record.timeZone
        var judged: [String: [JSONValue]] = [:]
        for finding in record.findings {
            guard let payload = try? finding.payload(), let actId = payload["actId"]?.stringValue, case .array(let items)? = payload["deadlines"] else { continue }
            judged[actId, default: []] += items
        }
        entries = record.acts.map { event in
            let descriptor = catalog.descriptor(type: event.type, schemaVersion: event.schemaVersion)
            let payload = try? event.payload()
            var deadlines = judged[event.id] ?? []
            if case .array(let own)? = payload?["deadlines"] { deadlines += own }
            // The body's own clauses where the version names them (002 for Kazygurt); the reference text's otherwise.
            let cited = record.clauses.flatMap { table in Rule.recordedByAnnualEvent[event.type].map { $0.map(table.cite).joined(separator: ", ") } }
            return Entry(event: event, summary: descriptor?.summary ?? event.type, clause: cited ?? descriptor?.clause ?? "", payload: payload, deadlines: deadlines)
        }
        reads = record.reads
        laterDecrees = Self.laterDecrees(entries, record.decrees)
    }

    /// A deadline's span: the month before its due date (every working-day deadline of the
    /// methodologies counts at most 10 working days) up to the later of the due date and the act.
    /// A decree recorded after the act that changes a day in it may have changed the deadline; the
    /// recorded one stays as it was judged (design.md §10).
    static func laterDecrees(_ entries: [Entry], _ decrees: [RecordedEvent]) -> [Int64: [String]] {
        var touched: [Int64: [String]] = [:]
        for entry in entries {
            for finding in entry.deadlines {
                guard let due = finding["dueBy"]?.stringValue.flatMap(LocalDate.init), let acted = finding["actedOn"]?.stringValue.flatMap(LocalDate.init) else { continue }
                let span = due.adding(days: -31)...max(due, acted)
                for decree in decrees where decree.seq > entry.event.seq {
                    guard let payload = try? decree.payload(), case .array(let days)? = payload["days"] else { continue }
                    let hit = days.compactMap { $0["date"]?.stringValue.flatMap(LocalDate.init) }.filter(span.contains)
                    let line = "\(payload["decreeId"]?.stringValue ?? "") (recorded later, #\(decree.seq)) changes \(hit.map(\.description).joined(separator: ", "))"
                    if !hit.isEmpty, !(touched[entry.event.seq]?.contains(line) ?? false) { touched[entry.event.seq, default: []].append(line) }
                }
            }
        }
        return touched
    }

    /// An instant as the body reads it: `2018-01-03 10:00 +06`.
    func local(_ instant: Timestamp) -> String { BodyTimeZone.localTime(of: instant, zone: timeZone) }

    /// The act's own fields, for reading: scalars as they are, lists and objects as compact JSON.
    public static func fields(_ payload: JSONValue?) -> [(String, String)] {
        guard let members = payload?.objectMembers else { return [("payload", "purged under the retention rule")] }
        return members.filter { $0.0 != "caseId" && $0.0 != "deadlines" }.map { name, value in
            switch value {
            case .string(let text): return (name, text)
            case .integer(let number): return (name, String(number))
            case .bool(let flag): return (name, flag ? "yes" : "no")
            case .null: return (name, "—")
            default: return (name, CanonicalJSON.string(value))
            }
        }
    }

    static func deadline(_ finding: JSONValue) -> String {
        let lateness = DeadlineFinding.lateness(working: Int(finding["workingDaysLate"]?.integerValue ?? 0), calendar: nil)
        return "\(finding["clause"]?.stringValue ?? ""): \(finding["rule"]?.stringValue ?? "") by \(finding["dueBy"]?.stringValue ?? ""); done \(finding["actedOn"]?.stringValue ?? ""), \(lateness)"
    }

    public var json: JSONValue {
        .object([
            ("case", .string(caseStream)),
            ("acts", .array(entries.map { entry in
                let e = entry.event
                return .object([
                    ("seq", .integer(e.seq)), ("stream", .string(e.stream)), ("type", .string(e.type)), ("summary", .string(entry.summary)),
                    ("clause", .string(entry.clause)), ("actor", ["person": .string(e.actor.person), "role": .string(e.actor.role)]),
                    ("occurredAt", .string(e.occurredAt.description)), ("recordedAt", .string(e.recordedAt.description)),
                    ("payload", entry.payload ?? .null), ("deadlines", .array(entry.deadlines)),
                ])
            })),
            ("reads", .array(reads.map { read in
                let payload = try? read.payload()
                return .object([
                    ("seq", .integer(read.seq)), ("person", .string(read.actor.person)), ("role", .string(read.actor.role)),
                    ("at", .string(read.recordedAt.description)), ("what", payload?["what"] ?? .null), ("reason", payload?["reason"] ?? .null),
                ])
            })),
        ])
    }

    public var text: String {
        var lines = ["Case file: \(caseStream)", ""]
        for entry in entries {
            let e = entry.event
            lines.append("#\(e.seq) \(e.type) — \(entry.summary)\(entry.clause.isEmpty ? "" : " [\(entry.clause)]")")
            lines.append("    by \(e.actor.person) (\(e.actor.role)); happened \(local(e.occurredAt)); recorded \(local(e.recordedAt))")
            for (name, value) in Self.fields(entry.payload) { lines.append("    \(name): \(value)") }
            for finding in entry.deadlines { lines.append("    deadline: \(Self.deadline(finding))") }
            for decree in laterDecrees[e.seq] ?? [] {
                lines.append("    a later decree may have changed it: \(decree); the deadline stays as it was judged")
            }
        }
        lines.append("")
        lines.append(reads.isEmpty ? "Reads by auditors and appeals reviewers: none" : "Reads by auditors and appeals reviewers:")
        for read in reads {
            let payload = try? read.payload()
            lines.append("    \(local(read.recordedAt)) \(read.actor.person) (\(read.actor.role)) read the \(payload?["what"]?.stringValue ?? "case"): \(payload?["reason"]?.stringValue ?? "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var html: String {
        func escape(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(character)
                }
            }
            return out
        }
        var rows: [String] = []
        for entry in entries {
            let e = entry.event
            let fields = Self.fields(entry.payload).map { "<div><b>\(escape($0.0))</b>: \(escape($0.1))</div>" }.joined()
            let deadlines = entry.deadlines.map { "<div class=\"deadline\">\(escape(Self.deadline($0)))</div>" }.joined()
            rows.append("<tr><td>\(e.seq)</td><td>\(escape(e.type))<br><small>\(escape(entry.summary))</small></td><td>\(escape(entry.clause))</td>"
                + "<td>\(escape(e.actor.person))<br><small>\(escape(e.actor.role))</small></td><td>\(local(e.occurredAt))</td><td>\(local(e.recordedAt))</td><td>\(fields)\(deadlines)</td></tr>")
        }
        let readRows = reads.map { read -> String in
            let payload = try? read.payload()
            return "<li>\(local(read.recordedAt)) — \(escape(read.actor.person)) (\(escape(read.actor.role))): \(escape(payload?["what"]?.stringValue ?? "")) — \(escape(payload?["reason"]?.stringValue ?? ""))</li>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Case file \(escape(caseStream))</title>
            <style>body{font-family:serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:4px;vertical-align:top;font-size:10pt}
            .deadline{color:#7a0000}@media print{body{margin:0}tr{page-break-inside:avoid}}</style></head>
            <body><h1>Case file</h1><p>\(escape(caseStream))</p>
            <table><thead><tr><th>#</th><th>Act</th><th>Clause</th><th>Who</th><th>Happened</th><th>Recorded</th><th>What was recorded</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table>
            <h2>Reads by auditors and appeals reviewers</h2><ul>\(readRows.isEmpty ? "<li>none</li>" : readRows.joined())</ul>
            </body></html>

            """
    }
}
