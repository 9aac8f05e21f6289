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
        for event in try await store.readStream(PurgeCertificate.stream, fromVersion: 1) { certified.formUnion(PurgeCertificate.namedSeqs(in: event)) }
        return absent.filter { !certified.contains($0) }
    }
}
