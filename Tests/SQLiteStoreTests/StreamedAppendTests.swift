import Evaluation
import Foundation
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// Streamed appends (large imports): parsed, prepared and written chunk by chunk, in one transaction.
struct StreamedAppendTests {
    static func lines(_ count: Int, body: String = "a") -> [String] {
        (0..<count).map { index in
            let id = String(format: "00000000-0000-4000-8000-%012d", index)
            return #"{"stream":"body/\#(body)","id":"\#(id)","type":"organisation.servant-appointed","schemaVersion":1,"occurredAt":"2018-01-03T10:00:00+06:00","actor":{"person":"hr-1","role":"hr-officer"},"payload":{"bodyId":"\#(body)","personId":"p\#(index)","fullName":"Дана","positionId":"x\#(index)","positionTitle":"Specialist","category":"E-3","appointedOn":"2016-02-15"}}"#
        }
    }

    func chunks(_ lines: [String], per chunk: Int) -> @Sendable () throws -> [StreamAppend]? {
        EventImport.chunks(of: lines.joined(separator: "\n"), catalog: BagalauCatalog.all, linesPerChunk: chunk) { UUID().uuidString.lowercased() }
    }

    @Test("a file written in chunks of 3 lands whole, in order, with one chain")
    func chunked() async throws {
        let ledger = try TemporaryLedger()
        let summary = try await ledger.store.appendAll(chunks(Self.lines(10), per: 3))
        #expect(summary.appended == 10)
        #expect(summary.firstSeq == 1 && summary.lastSeq == 10)
        #expect(try await ledger.store.readStream("body/a", fromVersion: 1).map(\.version) == Array(1...10))
        #expect(try ledger.store.verifySync().isIntact)
    }

    @Test("a bad line in the last chunk stores nothing of the earlier chunks, and names its line")
    func allOrNothing() async throws {
        let ledger = try TemporaryLedger()
        var lines = Self.lines(10)
        lines[8] = lines[8].replacingOccurrences(of: #""category":"E-3","#, with: "")
        do {
            _ = try await ledger.store.appendAll(chunks(lines, per: 3))
            Issue.record("accepted")
        } catch let error as EventImport.LineError {
            #expect(error.line == 9)
            #expect(error.error.field == "payload.category")
        }
        #expect(try await ledger.store.headSeq() == 0)
    }

    @Test("re-importing the same file across chunks writes nothing and counts every event as stored already")
    func reimport() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.appendAll(chunks(Self.lines(7), per: 3))
        let again = try await ledger.store.appendAll(chunks(Self.lines(7), per: 2))
        #expect(again.appended == 0)
        #expect(again.alreadyStored == 7)
        #expect(try await ledger.store.headSeq() == 7)
    }
}
