import LedgerCore

/// design.md §7: "a payload may be absent only where a purge certificate recorded in the ledger names
/// its event; anything else is tampering". The trigger lets the purge null a payload (and nothing else),
/// so an insider with the file could erase an act that way; `bagalau verify` asks this audit.
public enum PurgeAudit {
    /// The positions of absent payloads that no `retention.purge-certified` event names, in order.
    public static func uncertified(in store: any EventStore, batch: Int = 10_000) async throws -> [Int64] {
        var absent: [Int64] = []
        var certified: Set<Int64> = []
        var next: Int64 = 1
        while true {
            let events = try await store.readAll(fromSeq: next, limit: batch)
            guard let last = events.last else { break }
            for event in events {
                if event.canonicalPayload == nil { absent.append(event.seq) }
                guard event.type == RecordsEvents.purgeCertified.type, case .array(let cases)? = try? event.payload()["cases"] else { continue }
                for item in cases {
                    guard case .array(let named)? = item["events"] else { continue }
                    certified.formUnion(named.compactMap { $0["seq"]?.integerValue })
                }
            }
            next = last.seq + 1
        }
        return absent.filter { !certified.contains($0) }
    }
}
