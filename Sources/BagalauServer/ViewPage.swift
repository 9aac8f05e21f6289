import LedgerCore

/// One page of a view's cases (`limit`, `after`): a body of thousands is read a page at a time. Cases are
/// ordered by their streams' names, byte by byte as the stream index orders them; `after` is the last
/// case stream of the page before.
struct ViewPage {
    /// The most cases a page holds.
    static let largest = 1000

    let limit: Int?
    let after: String?

    init(limit: String?, after: String?) throws {
        self.limit = try limit.map { text in
            guard let limit = Int(text), (1...Self.largest).contains(limit) else {
                throw LedgerError.invalid("limit", "must be a whole number of cases from 1 to \(Self.largest); got \(text)")
            }
            return limit
        }
        self.after = after
        if after != nil, limit == nil { throw LedgerError.invalid("after", "continues a page: give limit with it") }
    }

    /// Whether stream `a` comes after stream `b` in the stream index's order (their UTF-8 bytes).
    static func follows(_ a: String, _ b: String) -> Bool { b.utf8.lexicographicallyPrecedes(a.utf8) }

    /// The rows of the page's cases, and the page's last case when more follow (nil: the last page, or no
    /// page asked for).
    func cut<Row>(_ rows: [(Row, String)]) -> (rows: [(Row, String)], next: String?) {
        guard let limit else { return (rows, nil) }
        let streams = Set(rows.map { $0.1 }).filter { stream in after.map { Self.follows(stream, $0) } ?? true }.sorted { Self.follows($1, $0) }
        let kept = Set(streams.prefix(limit))
        return (rows.filter { kept.contains($0.1) }, streams.count > limit ? streams[limit - 1] : nil)
    }
}
