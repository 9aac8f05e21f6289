import LedgerCore

/// An act's declaration (design.md §14) with how it is decided: which streams are read, which
/// rulebook judges it, on which stream and version its events are appended. Each methodology's folder
/// declares its own acts (`AnnualActs`, `QuarterlyActs`, …); ``ActCatalog`` gathers them.
public struct DeclaredAct: Sendable {
    public let declaration: ActDeclaration
    let decide: @Sendable (ActService, ActRequest) async throws -> ActService.Decided

    init(_ declaration: ActDeclaration, decide: @escaping @Sendable (ActService, ActRequest) async throws -> ActService.Decided) {
        self.declaration = declaration
        self.decide = decide
    }

    public var name: String { declaration.name }
}

/// Every act Bagalau knows, each declared once in its methodology's folder. An act outside this
/// catalogue is reported as unknown before any of its fields is read.
public enum ActCatalog {
    public static let all: [DeclaredAct] = OrganisationActs.all + MethodologyActs.all + CommissionActs.all + AnnualActs.all
        + QuarterlyActs.all + CalendarActs.all + RecordsActs.all + AccessActs.all + AttestationActs.all

    public static let byName: [String: DeclaredAct] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static var names: Set<String> { Set(byName.keys) }

    public static func declaration(_ name: String) -> ActDeclaration? { byName[name]?.declaration }
}

/// Fields that many acts share.
extension ActField {
    static let bodyId = ActField("bodyId", .string)
    static let personId = ActField("personId", .string)
    /// A calendar year of an evaluation.
    static let year = ActField("year", .integer(1991...2200))
    static let quarter = ActField("quarter", .integer(1...4))
    static let reason = ActField("reason", .string)
    static let basis = ActField("basis", .string)
}
