import LedgerCore
import Testing

@testable import Evaluation

/// A body's replay, diff and bundle read the body's streams by name (BodyStreams): every stream the domain
/// writes for a body must be one of them, or its events would silently drop out of the body's reads.
struct BodyStreamsTests {
    @Test("every stream the methodologies, the organisation and the reads write for body b belongs to b, and no other body's does")
    func everyBodyStreamIsRead() {
        let streams = [
            OrganisationEvents.stream(bodyId: "b"), MethodologyEvents.stream(bodyId: "b"),
            AnnualEvents.stream(bodyId: "b", year: 2018, personId: "p1"), QuarterlyEvents.stream(bodyId: "b", year: 2024, personId: "s1"),
            AttestationEvents.roundStream(bodyId: "b", roundId: "r1"), AttestationEvents.caseStream(bodyId: "b", roundId: "r1", personId: "a1"),
        ]
        for stream in streams + streams.map({ "access/" + $0 }) + streams.map({ "findings/" + $0 }) {
            #expect(ExportBundle.Selection.body(of: stream) == "b", "\(stream)")
        }
        #expect(ExportBundle.Selection.body(of: AnnualEvents.stream(bodyId: "bb", year: 2018, personId: "p1")) == "bb")
        // The case kinds BodyStreams reads are the methodologies' (one per case state the records office folds).
        let kinds = Set([AnnualEvents.stream(bodyId: "b", year: 2018, personId: "p"), QuarterlyEvents.stream(bodyId: "b", year: 2024, personId: "p"),
                         AttestationEvents.caseStream(bodyId: "b", roundId: "r", personId: "p")].map { $0.split(separator: "/")[1] }.map(String.init))
        #expect(kinds == Set(BodyStreams.caseKinds))
    }
}
