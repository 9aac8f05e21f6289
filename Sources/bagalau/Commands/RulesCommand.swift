import ArgumentParser
import Evaluation
import Foundation

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule key with the clause it cites in each shipped methodology version.",
        discussion: "--markdown writes docs/rules.md; CI runs --check docs/rules.md.")

    @Option(help: "Only this shipped version (akmola-2018, kazygurt-2018, timiryazev-2023, culture-2016, civil-service-2017).") var version: String?
    @Flag(help: "Print docs/rules.md.") var markdown = false
    @Option(help: "Fail (exit 65) if this file differs from the generated page.") var check: String?

    func run() async throws {
        try await reportingFailures {
            let methodologies = try RuleIndex.methodologies()
            if let version, !methodologies.contains(where: { $0.versions.contains { $0.name == version } }) {
                throw CLIFailure.badInput("--version: \(methodologies.flatMap(\.versions).map(\.name).joined(separator: ", ")); got \(version)")
            }
            let page = RuleIndex.markdown(methodologies)
            if let check {
                let existing = FileManager.default.contents(atPath: check).map { String(decoding: $0, as: UTF8.self) }
                guard existing == page else { throw CLIFailure.badInput("\(check) differs from the rules in the code; run bagalau rules --markdown > \(check)") }
                print("\(check) lists the \(RuleIndex.allRules.count) rules as the code cites them")
            } else if markdown {
                print(page, terminator: "")
            } else {
                print("rule\tversion: clause\tstatement\ttest")
                RuleIndex.lines(methodologies, version: version).forEach { print($0) }
            }
        }
    }
}
