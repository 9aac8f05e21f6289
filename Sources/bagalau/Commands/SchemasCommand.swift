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
                } else if let existing, try !Self.sameContract(existing, text) {
                    // A shipped schema version is never rewritten (design.md §11): a change needs a new version.
                    problems.append("\(path) exists with other content; add schema version \(descriptor.schemaVersion + 1) instead of editing it")
                } else if existing != nil {
                    // Only descriptions differ (a corrected clause citation): documentation, not the contract.
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    print("rewrote the descriptions of \(path); the contract is unchanged")
                } else {
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    print("wrote \(path)")
                }
            }
            guard problems.isEmpty else { throw CLIFailure.badInput(problems.joined(separator: "\n")) }
            if check { print("all \(BagalauCatalog.all.all.count) event schemas match the code") }
        }
    }

    /// Whether two schema texts accept the same documents: equal once every `description` is removed.
    static func sameContract(_ a: String, _ b: String) throws -> Bool {
        func contract(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members): return .object(members.filter { $0.0 != "description" }.map { ($0.0, contract($0.1)) })
            case .array(let items): return .array(items.map(contract))
            default: return value
            }
        }
        return CanonicalJSON.string(contract(try JSONParser.parse(a))) == CanonicalJSON.string(contract(try JSONParser.parse(b)))
    }
}
