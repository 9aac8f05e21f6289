/// Where the ledger finds its purge certificates (design.md §7: "a payload may be absent only where a
/// purge certificate recorded in the ledger names its event"). The records office writes them (its
/// event `retention.purge-certified`, 001 §8; 004 §15); the store's trigger, `verify` and bundles read
/// them here, so the names live with the ledger.
public enum PurgeCertificate {
    public static let stream = "retention"
    public static let type = "retention.purge-certified"

    /// The positions a certificate event names (`cases[].events[].seq`); empty for any other event.
    public static func namedSeqs(in event: RecordedEvent) -> Set<Int64> {
        guard event.stream == stream, event.type == type, let payload = try? event.payload() else { return [] }
        return namedSeqs(in: payload)
    }

    public static func namedSeqs(in payload: JSONValue) -> Set<Int64> {
        guard case .array(let cases)? = payload["cases"] else { return [] }
        var named: Set<Int64> = []
        for item in cases {
            guard case .array(let events)? = item["events"] else { continue }
            named.formUnion(events.compactMap { $0["seq"]?.integerValue })
        }
        return named
    }
}
