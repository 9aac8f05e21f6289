import LedgerCore

/// The acts on accounts and mandates (design.md §13): decided by the ``AccessRulebook`` on the
/// person's account stream, with the body of the account when it has one.
enum AccessActs {
    static let keeper = "the account's keeper"
    static let person = ActField("personId", .string)

    static let all: [DeclaredAct] = [
        act("access.open-account", roles: "hr-officer (a staff account of their body), records-officer (auditor, appeals-reviewer), administrator (any)", [
            .optional("bodyId", .string, "a staff account"),
            .optional("offices", .list(.string), "administrator, records-officer, auditor, appeals-reviewer, agency-officer"),
        ], note: "over the server the answer carries a one-time password, and a second-factor key for an office (docs/access.md)") { r, personId in
            .openAccount(personId: personId, bodyId: r.optionalString("bodyId"), offices: try r.optionalStrings("offices"))
        },
        act("access.suspend-account", roles: "\(keeper) (as for opening it)", [.reason], note: "its sessions and tokens end at once") { r, personId in
            .suspendAccount(personId: personId, reason: try r.string("reason"))
        },
        act("access.reinstate-account", roles: keeper, [.reason]) { r, personId in .reinstateAccount(personId: personId, reason: try r.string("reason")) },
        act("access.close-account", roles: keeper, [.reason], note: "its secrets are erased") { r, personId in .closeAccount(personId: personId, reason: try r.string("reason")) },
        act("access.reset-password", roles: keeper, [.reason], note: "over the server the answer carries a one-time password; the secret is never recorded") { r, personId in
            .resetPassword(personId: personId, reason: try r.string("reason"))
        },
        act("access.grant-mandate", roles: "records-officer, administrator", [
            ActField("mandateId", .string), ActField("power", .string, "auditor, appeals-reviewer"), ActField("scope", .string, "body, case, ledger"),
            .optional("scopeId", .string, "the body or the case stream"), ActField("from", .date), ActField("until", .date), .basis,
        ], personNote: "an open auditor's or appeals reviewer's account") { r, personId in
            .grantMandate(
                mandateId: try r.string("mandateId"), personId: personId, power: try r.string("power"), scope: try r.string("scope"),
                scopeId: r.optionalString("scopeId"), from: try r.date("from"), until: try r.date("until"), basis: try r.string("basis"))
        },
        act("access.revoke-mandate", roles: "records-officer, administrator", [ActField("mandateId", .string), .basis]) { r, personId in
            .revokeMandate(mandateId: try r.string("mandateId"), personId: personId, basis: try r.string("basis"))
        },
    ]

    static func act(_ name: String, roles: String, _ fields: [ActField], note: String = "", personNote: String = "", _ make: @escaping @Sendable (ActRequest, String) throws -> AccessAct) -> DeclaredAct {
        let personField = personNote.isEmpty ? person : ActField("personId", .string, personNote)
        return DeclaredAct(ActDeclaration(name, roles: roles, [personField] + fields, note: note)) { service, r in
            let personId = try r.string("personId")
            let stream = AccessEvents.stream(personId: personId)
            let account = try await service.fold(AccountState.self, stream)
            let organisation = try await (r.optionalString("bodyId") ?? account.bodyId).asyncMap { try await service.organisation(bodyId: $0) }
            return (stream, account.expectedVersion, Decision(events: [try AccessRulebook().decide(try make(r, personId), by: r.actor, at: r.occurredAt, account: account, organisation: organisation)]))
        }
    }
}
