import LedgerCore

/// design.md §7: "a payload may be absent only where a purge certificate recorded in the ledger names
/// its event; anything else is tampering". The trigger lets the purge null a payload (and nothing else),
/// so an insider with the file could erase an act that way; `bagalau verify` asks this audit.
public enum PurgeAudit {
    /// The positions of absent payloads that no `retention.purge-certified` event names, in order: the
    /// store lists the absent payloads, and only the `retention` stream is read for the certificates.
    public static func uncertified(in store: any EventStore) async throws -> [Int64] {
        let absent = try await store.absentPayloadSeqs()
        guard !absent.isEmpty else { return [] }
        var certified: Set<Int64> = []
        for event in try await store.readStream(RecordsEvents.retentionStream, fromVersion: 1) where event.type == RecordsEvents.purgeCertified.type {
            guard case .array(let cases)? = try? event.payload()["cases"] else { continue }
            for item in cases {
                guard case .array(let named)? = item["events"] else { continue }
                certified.formUnion(named.compactMap { $0["seq"]?.integerValue })
            }
        }
        return absent.filter { !certified.contains($0) }
    }
}
