import ArgumentParser
import Evaluation
import Foundation

struct ActReferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "act-reference",
        abstract: "Print docs/acts.md, generated from the act declarations.",
        discussion: "CI runs --check docs/acts.md.")

    @Option(help: "Fail (exit 65) if this file differs from the generated page.") var check: String?

    func run() async throws {
        try await reportingFailures {
            let page = ActReference.markdown()
            guard let check else { return print(page, terminator: "") }
            let existing = FileManager.default.contents(atPath: check).map { String(decoding: $0, as: UTF8.self) }
            guard existing == page else { throw CLIFailure.badInput("\(check) differs from the act declarations; run bagalau act-reference > \(check)") }
            print("\(check) lists the \(ActCatalog.all.count) acts as they are declared")
        }
    }
}
