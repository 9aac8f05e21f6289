import ArgumentParser
import Evaluation
import Foundation
import LedgerCore

struct SchemasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas",
        abstract: "Write or check the JSON Schema of every event type (schemas/<type>.v<N>.schema.json).",
        discussion: "The schemas are generated from the payload shapes the ledger validates with; CI runs --check.")

    @Option(help: "The schema folder.") var directory = "schemas"
    @Flag(help: "Fail (exit 65) if a file is missing or differs, instead of writing.") var check = false

    func run() async throws {
        try await reportingFailures {
            var problems: [String] = []
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for descriptor in BagalauCatalog.all.all {
                let path = directory + "/" + descriptor.schemaFileName
                let text = EventSchemaDocument.text(for: descriptor)
                let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
                if existing == text { continue }
                if check {
                    problems.append(existing == nil ? "\(path) is missing" : "\(path) differs from the code's payload shape")
                } else if existing != nil, FileManager.default.fileExists(atPath: path) {
                    // A shipped schema version is never rewritten (design.md §11): a change needs a new version.
                    problems.append("\(path) exists with other content; add schema version \(descriptor.schemaVersion + 1) instead of editing it")
                } else {
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    print("wrote \(path)")
                }
            }
            guard problems.isEmpty else { throw CLIFailure.badInput(problems.joined(separator: "\n")) }
            if check { print("all \(BagalauCatalog.all.all.count) event schemas match the code") }
        }
    }
}
