import ArgumentParser
import Evaluation
import LedgerCore
import SQLiteStore

/// Who reads a confidential case, in what role and why (004 §16, §21; design.md §12): auditors and
/// appeals reviewers read any case and every read is recorded in the case (`access.case-read`); the
/// body's HR officer and the evaluated servant (their own case) read unrecorded; anyone else is refused.
struct ReaderOptions: ParsableArguments {
    @Option(help: "Who reads (person id).") var reader: String
    @Option(help: "In which role: auditor, appeals-reviewer, hr-officer, servant.") var role: String
    @Option(help: "Why (required of auditors and appeals reviewers; recorded).") var reason: String?

    var actor: Actor { Actor(person: reader, role: role) }

    /// Admits the reader to `cases` and records the reads that must be recorded, in one transaction.
    func admit(_ store: SQLiteEventStore, to cases: [String], what: String) async throws {
        let now = SystemClock().now()
        switch role {
        case Roles.auditor, Roles.appealsReviewer:
            guard let reason, !reason.isEmpty else { throw CLIFailure.badInput("reason: an \(role)'s read is recorded with its reason; give --reason") }
            try await ActService(store: store).recordReads(of: cases, what: what, reason: reason, by: actor, at: now)
        case Roles.hrOfficer:
            for stream in cases {
                let body = ExportBundle.Selection.body(of: stream) ?? ""
                let organisation = try OrganisationState(events: try await store.readStream(OrganisationEvents.stream(bodyId: body), fromVersion: 1))
                guard organisation.holder(of: Roles.hrOfficer, on: BodyTimeZone.localDate(of: now, zone: organisation.timeZone)) == reader else {
                    throw CLIFailure.forbidden("004 §21: \(reader) is not the HR officer of \(body), whose case \(stream) is")
                }
            }
        case Roles.servant:
            if let other = cases.first(where: { $0.split(separator: "/").last.map(String.init) != reader }) {
                throw CLIFailure.forbidden("004 §21: a servant reads their own case only; \(other) is not \(reader)'s")
            }
        default:
            throw CLIFailure.forbidden("004 §16, §21: results are confidential; \(role) is not a role that may read them (auditor, appeals-reviewer, hr-officer, servant)")
        }
    }
}

/// A moment given on the command line: RFC 3339, or a date (its end, in Almaty).
func moment(_ text: String, field: String) throws -> Timestamp {
    do { return try ScopedReplay.moment(text, field: field) } catch let error as LedgerError { throw CLIFailure.badInput("\(field): \(error.message)") }
}
