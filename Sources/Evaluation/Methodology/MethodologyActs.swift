import LedgerCore

/// The adoption and repeal of a methodology version by a body (001 §1, 004 §1, 000/003): decided by
/// the ``MethodologyRulebook`` on the body's methodology stream.
enum MethodologyActs {
    static let roles = "hr-officer, authorised-person"
    static let adoption = [ActField("versionId", .string), .basis, ActField("effectiveFrom", .date)]
    static let parameters = ActField.optional("parameters", .object, "the version's numbers with their `clauses`, docs/rules.md")

    static let all: [DeclaredAct] = [
        act("methodology.adopt-annual-evaluation", adoption + [
            .optional("document", .oneOf(["akmola-2018", "kazygurt-2018"]), "the default akmola-2018: seed 001's clauses; kazygurt-2018: seed 002's"), parameters,
        ]) { service, r in
            .adoptAnnualEvaluation(versionId: try r.string("versionId"), basis: try r.string("basis"), effectiveFrom: try r.date("effectiveFrom"), parameters: try service.given(r, "parameters", or: "document", [
                ("akmola-2018", "seed 001's clauses", MethodologyEvents.annualEvaluation2018), ("kazygurt-2018", "seed 002's", MethodologyEvents.annualEvaluation2018Kazygurt),
            ]))
        },
        act("methodology.adopt-quarterly-evaluation", adoption + [.optional("parameters", .object, "default: the shipped 2023 version")]) { _, r in
            .adoptQuarterlyEvaluation(versionId: try r.string("versionId"), basis: try r.string("basis"), effectiveFrom: try r.date("effectiveFrom"),
                                      parameters: try r.fields["parameters"] ?? MethodologyEvents.quarterlyEvaluation2023())
        },
        act("methodology.adopt-attestation-regulation", adoption + [
            .optional("regulation", .oneOf(["culture-2016", "civil-service-2017"]), "culture-2016: seed 000, the default; civil-service-2017: seed 003"), parameters,
        ]) { service, r in
            .adoptAttestationRegulation(versionId: try r.string("versionId"), basis: try r.string("basis"), effectiveFrom: try r.date("effectiveFrom"), parameters: try service.given(r, "parameters", or: "regulation", [
                ("culture-2016", "seed 000", MethodologyEvents.attestationCulture2016), ("civil-service-2017", "seed 003", MethodologyEvents.attestationCivilService2017),
            ]))
        },
        act("methodology.repeal", [ActField("versionId", .string), .basis, ActField("repealedOn", .date)]) { _, r in
            .repeal(versionId: try r.string("versionId"), basis: try r.string("basis"), repealedOn: try r.date("repealedOn"))
        },
    ]

    /// A methodology act: the body's versions folded, the act judged on them.
    static func act(_ name: String, _ fields: [ActField], _ make: @escaping @Sendable (ActService, ActRequest) throws -> MethodologyAct) -> DeclaredAct {
        DeclaredAct(ActDeclaration(name, roles: roles, [.bodyId] + fields)) { service, r in
            let bodyId = try r.string("bodyId")
            let stream = MethodologyEvents.stream(bodyId: bodyId)
            let versions = try await service.fold(MethodologyVersions.self, stream)
            return (stream, versions.expectedVersion, Decision(events: [try MethodologyRulebook().decide(try make(service, r), bodyId: bodyId, by: r.actor, at: r.occurredAt, versions: versions)]))
        }
    }
}
