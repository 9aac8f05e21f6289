import ArgumentParser
import BagalauServer
import Evaluation
import Foundation
import LedgerCore

struct SchemasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas",
        abstract: "Write or check the JSON Schema of every event type and act, and the server's OpenAPI document.",
        discussion: """
            Event schemas (schemas/<type>.v<N>.schema.json) are generated from the payload shapes the ledger validates with, \
            act schemas (schemas/acts/<act>.schema.json) and schemas/openapi.json from the act declarations; CI runs --check.
            """)

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
                    // Only descriptions (a corrected clause citation) or the envelope (the file format) differ: not the payload's contract.
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    print("rewrote \(path): its payload contract is unchanged")
                } else {
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    print("wrote \(path)")
                }
            }
            // Act schemas and the OpenAPI document describe requests, not stored history: they follow the code.
            try FileManager.default.createDirectory(atPath: directory + "/acts", withIntermediateDirectories: true)
            let derived = ActCatalog.all.map { ("\(directory)/acts/\($0.name).schema.json", PrettyJSON.string($0.declaration.jsonSchema) + "\n") }
                + [("\(directory)/openapi.json", OpenAPIDocument.text())]
            let expected = Set(derived.map(\.0))
            for stale in try FileManager.default.contentsOfDirectory(atPath: directory + "/acts") where !expected.contains("\(directory)/acts/\(stale)") {
                if check { problems.append("\(directory)/acts/\(stale) is no declared act's schema") } else { try FileManager.default.removeItem(atPath: "\(directory)/acts/\(stale)") }
            }
            for (path, text) in derived where FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) != text {
                if check { problems.append("\(path) differs from the act declarations") } else { try text.write(toFile: path, atomically: true, encoding: .utf8); print("wrote \(path)") }
            }
            guard problems.isEmpty else { throw CLIFailure.badInput(problems.joined(separator: "\n") + (check ? "\nrun bagalau schemas to write them" : "")) }
            if check { print("all \(BagalauCatalog.all.all.count) event schemas, \(ActCatalog.all.count) act schemas and the OpenAPI document match the code") }
        }
    }

    /// Whether two schema texts make the same contract: the same payload shape once every `description`
    /// is removed. The envelope around it (seq, hashes, the salt) is the ledger file's format, the same for
    /// every event type and version, and follows the format (docs/ledger.md).
    static func sameContract(_ a: String, _ b: String) throws -> Bool {
        func contract(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members): return .object(members.filter { $0.0 != "description" }.map { ($0.0, contract($0.1)) })
            case .array(let items): return .array(items.map(contract))
            default: return value
            }
        }
        func payload(_ text: String) throws -> JSONValue? { try JSONParser.parse(text)["properties"]?["payload"] }
        guard let first = try payload(a), let second = try payload(b) else { return false }
        return CanonicalJSON.string(contract(first)) == CanonicalJSON.string(contract(second))
    }
}
