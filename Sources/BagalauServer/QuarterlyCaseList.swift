import Evaluation
import LedgerCore
import SQLiteStore

/// The 2023-method cases a read of a body's quarterly table covers, for the server's views and the CLI's
/// `quarterly`: one servant's rows of a table kept by case come from that servant's case of the year, found
/// by its opening — without the body's rows; otherwise the body's cases are listed from its partition of
/// annual rows, of the year and the servant when named.
public enum QuarterlyCaseList {
    public typealias Case = (id: String, year: Int, person: String)

    public static func cases(
        body: String, year: Int?, person: String?, table: ReadModelTable, runner: ProjectionRunner, store: any EventStore
    ) async throws -> [Case] {
        if let person, let year, table.partitionColumnName != "body_id" {
            return try await QuarterlyEvents.caseId(bodyId: body, year: year, personId: person, in: store).map { [($0, year, person)] } ?? []
        }
        return try runner.rows(of: QuarterlyGradesProjection.annual, in: .text(body)).filter { row in
            (year.map { row[2] == .integer(Int64($0)) } ?? true) && (person.map { row[3] == .text($0) } ?? true)
        }.map { ($0[0].text ?? "", Int($0[2].integer ?? 0), $0[3].text ?? "") }
    }

    /// One page of the body's 2023-method cases (of the year, when named), in the order of their streams:
    /// at most `limit` after the stream `after`, found on the stream index and each case's opening — the
    /// body's other cases are not read — and the page's last stream when more follow (the next page's `after`).
    public static func page(body: String, year: Int?, after: String?, limit: Int, store: any EventStore) async throws -> (cases: [Case], next: String?) {
        let prefix = year.map { QuarterlyEvents.stream(bodyId: body, year: $0, personId: "") } ?? "case/quarterly/\(body)/"
        let streams = try await store.streamNames(prefix: prefix, after: after, limit: limit + 1)
        let page = Array(streams.prefix(limit))
        let openings = try await store.firstEvents(of: page)
        var cases: [Case] = []
        for stream in page {
            let parts = stream.split(separator: "/").map(String.init)  // case/quarterly/<body>/<year>/<person>
            guard parts.count == 5, let caseYear = Int(parts[3]) else { continue }
            if let id = try QuarterlyEvents.caseId(opening: openings[stream]) { cases.append((id, caseYear, parts[4])) }
        }
        return (cases, streams.count > limit ? streams[limit - 1] : nil)
    }
}
