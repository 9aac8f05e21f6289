import Foundation
import ArgumentParser
import Evaluation
import LedgerCore
import SQLiteStore

/// A confidential read on the command line (004 §16, §21; design.md §12): the CLI is the operator's
/// tool on the machine that holds the file, and cannot know who sits at it, so every confidential read
/// names the operator (`--operator`) and its reason, and is recorded in each case read
/// (`access.case-read`, role `operator`). `--reader` and `--role` narrow what is shown to what that
/// person could see: the body's HR officer, the servant's own case, or any case for an auditor or an
/// appeals reviewer; anyone else is refused. People themselves read through the server (docs/access.md).
struct ReaderOptions: ParsableArguments {
    @OptionGroup var operatorOptions: OperatorOptions
    @Option(help: "Whose view to show (person id).") var reader: String
    @Option(help: "In which role: auditor, appeals-reviewer, hr-officer, servant.") var role: String

    /// Admits the reader to `cases`, then records the operator's read of each, in one transaction.
    func admit(_ store: any EventStore, to cases: [String], what: String) async throws {
        let now = SystemClock().now()
        let read = try operatorOptions.read()
        switch role {
        case Roles.auditor, Roles.appealsReviewer:
            break
        case Roles.hrOfficer:
            // Each body's staff folded once, however many of its cases are read.
            var judged: Set<String> = []
            for stream in cases {
                let body = ExportBundle.Selection.body(of: stream) ?? ""
                guard judged.insert(body).inserted else { continue }
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
        try await read.record(store, cases, what: "\(what) as \(reader) (\(role))", at: now)
    }
}

/// The operator's read of confidential cases, recorded in each before anything is shown.
struct OperatorRead {
    let name: String
    let reason: String

    /// Issue 31 §4: a read recorded under a blank name (`--operator " "`) or for no reason names no one
    /// who answers for it; both are refused before anything is read.
    init(name: String, reason: String?) throws {
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIFailure.badInput("operator: a confidential read is recorded under the operator's name; --operator is blank")
        }
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIFailure.badInput("reason: a confidential read is recorded with its reason; give --reason")
        }
        self.name = name
        self.reason = reason
    }

    func record(_ store: any EventStore, _ cases: [String], what: String, at now: Timestamp = SystemClock().now()) async throws {
        try await ActService(store: store).recordReads(of: cases, what: what, reason: reason, by: Actor(person: name, role: Roles.operator), at: now)
    }
}

/// A moment given on the command line: RFC 3339, or a date (its end, in Almaty).
func moment(_ text: String, field: String) throws -> Timestamp {
    do { return try ScopedReplay.moment(text, field: field) } catch let error as LedgerError { throw CLIFailure.badInput("\(field): \(error.message)") }
}
