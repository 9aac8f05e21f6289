import LedgerCore

/// The acts of a commission: its forming and amendment by order (001 §32, 000 §I.1) and its meetings
/// (001 §33–§38) — decided by the ``CommissionRulebook`` or the ``CommissionMeetingRulebook`` on the
/// commission's stream, with the numbers of the body's methodology version in force.
enum CommissionActs {
    static let commissionId = ActField("commissionId", .string)
    static let meetingId = ActField("meetingId", .string)
    static let secretary = "hr-officer (the secretary)"

    static let all: [DeclaredAct] = [
        DeclaredAct(ActDeclaration("commission.form", roles: "authorised-person", [
            .bodyId, commissionId, ActField("purpose", .string, "evaluation or attestation"), ActField("orderNumber", .string), ActField("orderDate", .date),
            ActField("chairId", .string), ActField("secretaryId", .string), ActField("memberIds", .list(.string)),
        ])) { service, r in
            try await decideMembership(service, r) { commissionId in
                .form(commissionId: commissionId, purpose: try r.string("purpose"), orderNumber: try r.string("orderNumber"), orderDate: try r.date("orderDate"),
                      chairId: try r.string("chairId"), secretaryId: try r.string("secretaryId"), memberIds: try r.strings("memberIds"))
            }
        },
        DeclaredAct(ActDeclaration("commission.amend", roles: "authorised-person", [
            commissionId, ActField("orderNumber", .string), ActField("orderDate", .date), .optional("chairId", .string), .optional("secretaryId", .string),
            .optional("addMemberIds", .list(.string)), .optional("removeMemberIds", .list(.string)),
        ])) { service, r in
            try await decideMembership(service, r) { _ in
                .amend(orderNumber: try r.string("orderNumber"), orderDate: try r.date("orderDate"), chairId: r.optionalString("chairId"),
                       secretaryId: r.optionalString("secretaryId"), addMemberIds: try r.optionalStrings("addMemberIds"), removeMemberIds: try r.optionalStrings("removeMemberIds"))
            }
        },
        meeting("commission.schedule", roles: secretary, [
            ActField("date", .date), ActField("caseIds", .list(.string)), ActField("consentedBy", .string, "the chair"),
        ]) { r in
            .schedule(meetingId: try r.string("meetingId"), date: try r.date("date"), caseIds: try r.strings("caseIds"), consentedBy: try r.string("consentedBy"))
        },
        meeting("commission.notify", roles: secretary, [.personId]) { r in .notify(meetingId: try r.string("meetingId"), personId: try r.string("personId")) },
        meeting("commission.hold", roles: secretary, [ActField("present", .list(.string))]) { r in .hold(meetingId: try r.string("meetingId"), present: try r.strings("present")) },
        meeting("commission.put-motion", roles: "commission-chair", [
            ActField("motionId", .string), ActField("caseId", .string), ActField("proposal", .string, "approve, revise"),
            .optional("revisedGrade", .string), .optional("reason", .string),
        ]) { r in
            .putMotion(meetingId: try r.string("meetingId"), motionId: try r.string("motionId"), caseId: try r.string("caseId"),
                       proposal: try r.string("proposal"), revisedGrade: r.optionalString("revisedGrade"), reason: r.optionalString("reason"))
        },
        meeting("commission.vote", roles: "commission-member, commission-chair", [ActField("motionId", .string), ActField("vote", .oneOf(["for", "against"]))]) { r in
            .vote(meetingId: try r.string("meetingId"), motionId: try r.string("motionId"), inFavour: try r.string("vote") == "for")
        },
        meeting("commission.decide", roles: "commission-chair", [ActField("motionId", .string)]) { r in
            .decide(meetingId: try r.string("meetingId"), motionId: try r.string("motionId"))
        },
    ]

    /// The commission, its body's staff and its body's methodology versions, as the act is judged on them.
    struct Setting {
        let stream: String
        let commission: CommissionState
        let organisation: OrganisationState
        let versions: MethodologyVersions
        let bodyId: String
        let date: LocalDate

        init(_ service: ActService, _ r: ActRequest) async throws {
            let commissionId = try r.string("commissionId")
            stream = CommissionEvents.stream(commissionId: commissionId)
            commission = try await service.fold(CommissionState.self, stream)
            bodyId = try commission.bodyId ?? r.string("bodyId")
            organisation = try await service.fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
            versions = try await service.fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId))
            date = BodyTimeZone.localDate(of: r.occurredAt, zone: organisation.timeZone)
        }

        /// The numbers that govern the commission: the version in force, else the latest adopted.
        func parameters() throws -> AnnualEvaluationParameters {
            guard let parameters = versions.inForce(on: date)?.parameters ?? versions.versions.values.max(by: { $0.effectiveFrom < $1.effectiveFrom })?.parameters else {
                throw Refusal.because("", field: "bodyId", "no methodology version is adopted by \(bodyId): its numbers govern the commission")
            }
            return parameters
        }
    }

    /// Forming or amending: an attestation commission by the regulation in force (000 §I.1), any other
    /// by the evaluation methodology's numbers.
    static func decideMembership(_ service: ActService, _ r: ActRequest, _ make: (String) throws -> CommissionAct) async throws -> ActService.Decided {
        let setting = try await Setting(service, r)
        let act = try make(try r.string("commissionId"))
        let rulebook: CommissionRulebook
        if (setting.commission.purpose ?? r.optionalString("purpose")) == "attestation" {
            guard let regulation = setting.versions.attestationInForce(on: setting.date) else {
                throw Refusal.because("000 §I.1", field: "bodyId", "no attestation regulation is adopted by \(setting.bodyId) on \(setting.date): it governs the commission")
            }
            rulebook = CommissionRulebook(minimumMembers: regulation.parameters.commissionMinimumMembers, clauses: .attestationCommission)
        } else {
            rulebook = CommissionRulebook(parameters: try setting.parameters())
        }
        let draft = try rulebook.decide(act, by: r.actor, at: r.occurredAt, commission: setting.commission, organisation: setting.organisation)
        return (setting.stream, setting.commission.expectedVersion, Decision(events: [draft]))
    }

    /// A meeting act: judged by the meeting rulebook on the commission's stream.
    static func meeting(_ name: String, roles: String, _ fields: [ActField], _ make: @escaping @Sendable (ActRequest) throws -> CommissionMeetingAct) -> DeclaredAct {
        DeclaredAct(ActDeclaration(name, roles: roles, [commissionId, meetingId] + fields)) { service, r in
            let setting = try await Setting(service, r)
            let rulebook = CommissionMeetingRulebook(parameters: try setting.parameters(), calendar: service.calendar, timeZone: setting.organisation.timeZone)
            return (setting.stream, setting.commission.expectedVersion, try rulebook.decide(try make(r), by: r.actor, at: r.occurredAt, commission: setting.commission))
        }
    }
}
