import Evaluation
import Foundation
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// Read models in a file of their own, folded from either store (issue 12 §2, §5).
struct ReadModelConformanceTests {
    @Test("read models folded from either store, in files of their own, by more folds at once than the machine has cores, from async tasks: every fold finishes and all agree",
          .timeLimit(.minutes(2)), arguments: StoreKind.allCases)
    func concurrentFolds(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        for body in 0..<3 {
            _ = try await t.store.append(to: "body/b\(body)", expecting: .noStream, [Drafts.body("b\(body)")])
            _ = try await t.store.append(to: "body/b\(body)", expecting: .any, (0..<40).map { Drafts.appointment(body: "b\(body)", person: "p\(body)-\($0)") })
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bagalau-rm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Each fold waits for its pages on the thread that asked; pages of a PostgreSQL log are fetched by
        // async calls, which must not need the cooperative threads those folds hold.
        let folds = 2 * ProcessInfo.processInfo.activeProcessorCount + 2
        let digests = try await withThrowingTaskGroup(of: [String: ReadModelDigest].self) { group in
            for n in 0..<folds {
                let store = t.store
                group.addTask {
                    let readModels = try ReadModelStore(path: folder.appendingPathComponent("\(n).read-models").path, log: store)
                    let runner = ProjectionRunner(readModels: readModels, projection: StaffDirectoryProjection(), pageSize: 7)
                    #expect(try runner.catchUp() == 123)
                    return try runner.tableDigests()
                }
            }
            var all: [[String: ReadModelDigest]] = []
            for try await digest in group { all.append(digest) }
            return all
        }
        #expect(digests.count == folds && Set(digests.map { $0["servants"]!.rows }) == [120])
        #expect(digests.allSatisfy { $0 == digests[0] })
    }
}
