import LedgerCore

extension ActService {
    /// A person's account as the ledger has it now.
    public func account(of personId: String) async throws -> AccountState {
        try await fold(AccountState.self, AccessEvents.stream(personId: personId))
    }

    /// The body an act belongs to: its `bodyId`, the commission's body, or the account's body.
    public func organisation(of r: ActRequest) async throws -> OrganisationState? {
        var bodyId = r.optionalString("bodyId")
        if bodyId == nil, r.name.hasPrefix("commission."), let commissionId = r.optionalString("commissionId") {
            bodyId = try await fold(CommissionState.self, CommissionEvents.stream(commissionId: commissionId)).bodyId
        }
        if bodyId == nil, r.name.hasPrefix("access."), let personId = r.optionalString("personId") {
            bodyId = try await account(of: personId).bodyId
        }
        return try await bodyId.asyncMap(organisation(bodyId:))
    }

    /// A body's organisation as the ledger has it now.
    public func organisation(bodyId: String) async throws -> OrganisationState {
        try await fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
    }

    /// The methodology versions a body has adopted, as the ledger has them now.
    public func methodologies(bodyId: String) async throws -> MethodologyVersions {
        try await fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId))
    }

    /// Refuses (``LedgerError/Code/forbidden``) unless `person` may perform `r` now (design.md §13): the
    /// server calls this before deciding each act it is sent.
    public func requirePowers(of person: String, for r: ActRequest, at now: Timestamp) async throws {
        try Powers.requireAct(r, by: person, account: try await account(of: person), organisation: try await organisation(of: r), at: now)
    }

    /// Opens the first administrator's account (`bagalau accounts bootstrap`).
    public func bootstrapAdministrator(personId: String, operator name: String, at now: Timestamp) async throws -> RecordedEvent {
        var administrators = 0
        for stream in try await ledger.store.streamNames(prefix: AccessEvents.streamPrefix) {
            let account = try await fold(AccountState.self, stream)
            if account.holds(office: Roles.administrator, at: now) { administrators += 1 }
        }
        let stream = AccessEvents.stream(personId: personId)
        let account = try await fold(AccountState.self, stream)
        let draft = try AccessRulebook().bootstrap(personId: personId, operator: name, at: now, account: account, administrators: administrators)
        return try await ledger.record([StreamAppend(stream: stream, expectedVersion: account.expectedVersion, events: [draft])])[0]
    }
}

extension ActService {
    /// Records that `actor` read each of `cases` (`access.case-read`, 004 §21), in one transaction,
    /// before anything of them is shown.
    public func recordReads(of cases: [String], what: String, reason: String, by actor: Actor, at now: Timestamp) async throws {
        let rulebook = RecordsRulebook()
        let appends = try cases.map { stream in
            StreamAppend(stream: RecordsEvents.accessStream(of: stream), expectedVersion: .any, events: [
                try rulebook.decide(.recordRead(caseStream: stream, what: what, reason: reason), by: actor, at: now, schedule: RetentionSchedule()),
            ])
        }
        if !appends.isEmpty { try await ledger.record(appends) }
    }
}
