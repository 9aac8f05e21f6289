import LedgerCore

/// The numbers and lists of an attestation regulation (seeds 000, 003; domain.md §4): a version a body
/// adopts, never constants in code — the culture organisations' rules (seed 000) and the 2017
/// administrative civil service's (seed 003) differ in their outcomes, documents and safeguards.
public struct AttestationParameters: Sendable, Equatable {
    /// One decision the commission may take (seed 000 §III.2 / 4.1.4; seed 003: its own four).
    public struct Outcome: Sendable, Equatable {
        public let id: String
        public let nameKk: String
        public let nameRu: String
        public let fitsPosition: Bool
        /// Whether the outcome sends the person to re-attestation after the measures (seed 000, outcome 3).
        public let reattestation: Bool
    }

    public let kind: String
    /// The clause of the regulation's document each rule cites.
    public let clauses: ClauseTable
    /// The written notice is signed at least this many calendar months before the date (seed 000 §I.4).
    public let noticeMinimumMonths: Int
    public let commissionMinimumMembers: Int
    /// Members present for a competent interview: numerator/denominator of the members.
    public let quorumNumerator: Int
    public let quorumDenominator: Int
    /// The document package each person needs before the interview (seed 000 §II; seed 003).
    public let requiredDocuments: [String]
    /// Seed 003: the interview is recorded on audio or video; the commission includes public representatives.
    public let recordingRequired: Bool
    public let publicRepresentativesRequired: Bool
    /// Seed 003: the competency test's blocks.
    public let competencyBlocks: [String]
    public let outcomes: [Outcome]
    /// Qualification categories the commission may set (seed 000 §III.2), empty when none.
    public let qualificationCategories: [String]
    /// To whom a decision is appealed (seed 003: the head of the body, the agency's department, court).
    public let appealAuthorities: [String]

    public static let documentKinds = ["characterisation", "self-assessment", "attestation-sheet", "evaluation-sheet", "hr-evaluation-sheet", "competency-test"]

    /// Schema version 2 adds the clause each rule cites in the regulation's document (docs/rules.md).
    public static let shape = PayloadShape.object(fieldsV1 + [
        .required("clauses", ClauseTable.shape, "the clause of the regulation's document that states each rule"),
    ])

    /// The parameters as schema version 1 carried them: the clauses implied by the kind (000 or 003).
    public static let shapeV1 = PayloadShape.object(fieldsV1)

    static let fieldsV1: [PayloadField] = [
        .required("kind", .enumeration(["culture-organisation", "administrative-civil-service"]), "whose attestation (seed 000, seed 003)"),
        .required("noticeMinimumMonths", .integer(minimum: 0, maximum: 12), "written notice at least this many months before (seed 000)"),
        .required("commissionMinimumMembers", .integer(minimum: 1, maximum: 50), "members of the commission, at least"),
        .required("quorumNumerator", .integer(minimum: 1, maximum: 10), "quorum: this share of the members present"),
        .required("quorumDenominator", .integer(minimum: 1, maximum: 10), "quorum: of"),
        .required("requiredDocuments", .array(.enumeration(documentKinds), minItems: 1, maxItems: 10), "the package before the interview"),
        .required("recordingRequired", .boolean, "the interview recorded on audio or video (seed 003)"),
        .required("publicRepresentativesRequired", .boolean, "public representatives on the commission (seed 003)"),
        .required("competencyBlocks", .array(.identifier, maxItems: 10), "the competency test's blocks (seed 003)"),
        .required("outcomes", .array(.object([
            .required("id", .identifier, "the outcome's identifier"),
            .required("nameKk", .text, "in Kazakh"),
            .required("nameRu", .text, "in Russian"),
            .required("fitsPosition", .boolean, "whether the person fits the position"),
            .required("reattestation", .boolean, "whether it sends the person to re-attestation after measures"),
        ]), minItems: 1, maxItems: 10), "the decisions the commission may take, exactly one per person"),
        .required("qualificationCategories", .array(.identifier, maxItems: 20), "categories the commission may set"),
        .required("appealAuthorities", .array(.identifier, minItems: 1, maxItems: 5), "to whom a decision is appealed"),
    ]

    /// The upcaster of schema version 1 (design.md §11): a v1 regulation named no clauses; they are
    /// those of the shipped regulation of its kind (seed 000 for culture, seed 003 for the civil service).
    public static func upcastV1(_ json: JSONValue) throws -> JSONValue {
        try shapeV1.validate(json, at: "parameters")
        let shipped = json["kind"] == "administrative-civil-service" ? try MethodologyEvents.attestationCivilService2017() : try MethodologyEvents.attestationCulture2016()
        guard case .object(let carried) = json, let clauses = shipped["clauses"] else { return json }
        return .object(carried + [("clauses", clauses)])
    }

    /// The clause `rule` cites under this regulation.
    public func cite(_ rule: Rule) -> String { clauses.cite(rule) }

    public init(_ given: JSONValue, schemaVersion: Int = 2) throws {
        let json = schemaVersion == 1 ? try Self.upcastV1(given) : given
        try Self.shape.validate(json, at: "parameters")
        func integer(_ name: String) -> Int { Int(json[name]?.integerValue ?? 0) }
        let strings = json.strings
        func flag(_ name: String) -> Bool { json[name] == .bool(true) }
        kind = json["kind"]?.stringValue ?? ""
        clauses = try ClauseTable(json["clauses"], at: "parameters.clauses", rules: Rule.attestation)
        noticeMinimumMonths = integer("noticeMinimumMonths")
        commissionMinimumMembers = integer("commissionMinimumMembers")
        quorumNumerator = integer("quorumNumerator")
        quorumDenominator = integer("quorumDenominator")
        requiredDocuments = strings("requiredDocuments")
        recordingRequired = flag("recordingRequired")
        publicRepresentativesRequired = flag("publicRepresentativesRequired")
        competencyBlocks = strings("competencyBlocks")
        qualificationCategories = strings("qualificationCategories")
        appealAuthorities = strings("appealAuthorities")
        guard case .array(let items)? = json["outcomes"] else { throw LedgerError.invalid("parameters.outcomes", "is required") }
        outcomes = items.map {
            Outcome(id: $0["id"]?.stringValue ?? "", nameKk: $0["nameKk"]?.stringValue ?? "", nameRu: $0["nameRu"]?.stringValue ?? "",
                    fitsPosition: $0["fitsPosition"] == .bool(true), reattestation: $0["reattestation"] == .bool(true))
        }
        guard Set(outcomes.map(\.id)).count == outcomes.count else { throw LedgerError.invalid("parameters.outcomes", "each outcome's id appears once") }
        guard quorumNumerator <= quorumDenominator else { throw LedgerError.invalid("parameters.quorumNumerator", "at most quorumDenominator") }
    }

    public func outcome(_ id: String) -> Outcome? { outcomes.first { $0.id == id } }
}

extension ClauseTable {
    /// The clauses of an attestation commission's composition: the regulation's commission (000 §I.1).
    public static let attestationCommission = ClauseTable([
        Rule.commissionFormation.key: "000 §I.1", Rule.commissionAmendment.key: "000 §I.1", Rule.commissionSecretary.key: "000 §I.1",
    ])
}
