import LedgerCore

/// A rule a rulebook applies, named by a stable key (`commission.quorum`). The clause it cites is not
/// in the code: it is data of the methodology version the case is bound to, because each body adopts
/// its own document and numbers it its own way (001 §30 in Akmola is 002 §29 in Kazygurt).
public struct Rule: Sendable, Hashable, Comparable {
    /// The stable key, `<methodology>.<rule>`.
    public let key: String
    /// The rule in our words, one line.
    public let statement: String
    /// The test that decides it: `Suite/function`, under Tests/.
    public let test: String

    public init(_ key: String, _ statement: String, test: String) {
        self.key = key
        self.statement = statement
        self.test = test
    }

    public static func < (a: Rule, b: Rule) -> Bool { a.key < b.key }
}

/// A methodology version's map from rule keys to the clauses of the document the body adopted.
public struct ClauseTable: Sendable, Equatable {
    public private(set) var clauses: [String: String]

    public init(_ clauses: [String: String]) { self.clauses = clauses }

    /// The payload shape: one `{rule, clause}` per rule.
    public static let shape = PayloadShape.array(.object([
        .required("rule", .identifier, "the rule's key, e.g. commission.quorum"),
        .required("clause", .string(minLength: 1, maxLength: 200), "the clause of the adopted document that states it, e.g. 002 §29"),
    ]), minItems: 1, maxItems: 200)

    /// Reads a table that passed ``shape``; every rule of `rules` must have its clause, and no key is unknown.
    public init(_ json: JSONValue?, at path: String, rules: [Rule]) throws {
        guard case .array(let rows)? = json else { throw LedgerError.invalid(path, "is required: the clause of each rule") }
        var clauses: [String: String] = [:]
        let known = Set(rules.map(\.key))
        for (index, row) in rows.enumerated() {
            let key = row["rule"]?.stringValue ?? "", clause = row["clause"]?.stringValue ?? ""
            guard known.contains(key) else { throw LedgerError.invalid("\(path)[\(index)].rule", "\(key) is not a rule of this methodology") }
            guard clauses.updateValue(clause, forKey: key) == nil else { throw LedgerError.invalid("\(path)[\(index)].rule", "\(key) is listed twice") }
        }
        if let missing = rules.first(where: { clauses[$0.key] == nil }) {
            throw LedgerError.invalid(path, "names no clause for the rule \(missing.key) (\(missing.statement))")
        }
        self.clauses = clauses
    }

    /// The clause `rule` cites in this version.
    public func cite(_ rule: Rule) -> String { clauses[rule.key] ?? rule.key }

    /// The table as a payload writes it, by key.
    public var json: JSONValue {
        .array(clauses.sorted { $0.key < $1.key }.map { ["rule": .string($0.key), "clause": .string($0.value)] })
    }
}
