import Evaluation
import Hummingbird
import LedgerCore
import SQLiteStore

/// The console's pages that read beyond one case file: a case or a body over time (auditors, appeals
/// reviewers), a person's attestation, a commission's protocol, and the records office's retention and
/// purge. Each admits the reader as the API does, from the ledger at the moment of the request.
extension Console {
    func addReadingPages(to pages: RouterGroup<BagalauRequestContext>) {
        // The case over time (auditors, appeals reviewers, and whoever may read the case): as of a moment
        // on either axis, and what changed between two moments with the acts that changed it.
        pages.get("console/case/history") { request, context -> Response in
            let me = try signedIn(context)
            let query = try CaseQuery(request)
            let record = try await admittedCase(query, what: "replay", for: me)
            let history = ConsoleCaseHistory(scope: .stream(query.stream), store: store,
                                             timeZone: record.timeZone, text: text, language: language(request, context))
            return page("case-history", try await history.values(axis: query.axis, moments: query.parameters, reason: query.reason), request, context)
        }
        // A body's cases over time: those of its cases the reader may read now (each read under a mandate
        // recorded with its reason); none admitted is the refusal of the last one.
        pages.get("console/body/history") { request, context -> Response in
            let me = try signedIn(context)
            let parameters = ConsoleForm(query: request)
            guard let body = parameters.filled("body") else { throw LedgerError.invalid("body", "is required: the body whose cases to show") }
            let axis = try CaseQuery.axis(parameters)
            let reason = parameters.filled("reason")
            let cases = Set(try await BodyStreams.caseStreams(of: body, in: store))
            guard !cases.isEmpty else { throw LedgerError(.notFound, field: "body", "no case of body \(body) is recorded") }
            let (admitted, refusal) = try await CaseReads(store: store, acts: acts).admit(me, to: cases, what: "replay", reason: reason)
            if admitted.isEmpty, let refusal { throw refusal }
            let zone = try await acts.organisation(bodyId: body).timeZone
            let history = ConsoleCaseHistory(scope: .body(body, admitted: admitted), store: store, timeZone: zone, text: text, language: language(request, context))
            return page("case-history", try await history.values(axis: axis, moments: parameters, reason: reason), request, context)
        }
        // A person's attestation, step by step (seed 000; 003), to whom may read the case.
        pages.get("console/attestation") { request, context -> Response in
            let me = try signedIn(context)
            let query = try CaseQuery(request)
            guard query.stream.hasPrefix("case/attestation/") else { throw LedgerError.invalid("case", "000 §I.4: an attestation case, case/attestation/BODY/ROUND/PERSON; got \(query.stream)") }
            let record = try await admittedCase(query, what: "attestation", for: me)
            let parties = try await ConsoleFormParties(record: record, store: store, text: text, language: language(request, context))
            var values = try await ConsoleAttestation(parties: parties, store: store, text: text).values()
            // The round is linked for whom may open it (its commission's protocol's readers).
            if let commission = values["commission"] as? String, !(try await mayRead(protocolOf: commission, me)) { values["roundHref"] = nil }
            return page("attestation", values, request, context)
        }
        // An attestation round as a whole (000 §I.4): read by whoever reads its commission's protocol (the
        // body's HR officer and authorised person, the members, a mandate holder with a reason); each
        // person's outcome only where the reader may read the case.
        pages.get("console/attestation/round") { request, context -> Response in
            let me = try signedIn(context)
            let parameters = ConsoleForm(query: request)
            guard let body = parameters["body"], let roundId = parameters["round"] else {
                throw LedgerError.invalid("round", "is required with body: the round to show, e.g. body=k&round=r2025")
            }
            let reason = parameters.filled("reason")
            let events = try await store.readStream(AttestationEvents.roundStream(bodyId: body, roundId: roundId), fromVersion: 1)
            guard !events.isEmpty else { throw LedgerError(.notFound, field: "round", "no attestation round \(roundId) of body \(body) is recorded") }
            let round = try AttestationRound(events: events)
            let reads = CaseReads(store: store, acts: acts)
            try await reads.admit(me, toProtocolOf: round.commissionId, reason: reason)
            let zone = try await acts.organisation(bodyId: body).timeZone
            let states = try AttestationCaseState.states(of: await store.readStreams(prefix: "case/attestation/\(body)/\(roundId)/"), timeZone: zone)
            let cases = Dictionary(states.map { ($0.personId, $0) }) { _, later in later }
            let streams = Set(cases.keys.map { AttestationEvents.caseStream(bodyId: body, roundId: roundId, personId: $0) })
            let (admitted, _) = try await reads.admit(me, to: streams, what: "attestation round", reason: reason)
            let regulation = try await acts.methodologies(bodyId: body).attestationVersions[round.versionId]?.parameters
            let values = ConsoleAttestationRound(round: round, order: events.last { $0.type == AttestationEvents.ordered.type }, cases: cases, admitted: admitted,
                                                 regulation: regulation, text: text, language: language(request, context)).values
            return page("attestation-round", values, request, context)
        }
        // A commission's protocol: meetings, attendance and quorum, motions, open votes (001 §30–§38).
        pages.get("console/commission") { request, context -> Response in
            let me = try signedIn(context)
            let parameters = ConsoleForm(query: request)
            guard let commission = parameters["commission"] else { throw LedgerError.invalid("commission", "is required: the commission whose protocol to show") }
            try await CaseReads(store: store, acts: acts).admit(me, toProtocolOf: commission, reason: parameters.filled("reason"))
            let tables = try CommissionRoutes.protocol(of: commission, in: readModels)
            let values = ConsoleCommission(commission: commission, tables: tables, reason: parameters.filled("reason"), text: text, language: language(request, context)).values
            return page("commission", values, request, context)
        }
        // One meeting's protocol as the 2018 method's App. 5 form, printable (001 §30–§39), to the
        // protocol's readers.
        pages.get("console/forms/protocol") { request, context -> Response in
            let me = try signedIn(context)
            let parameters = ConsoleForm(query: request)
            guard let commission = parameters["commission"], let meeting = parameters["meeting"] else {
                throw LedgerError.invalid("meeting", "is required with commission: the meeting whose protocol to print, e.g. commission=c-2018&meeting=mt-1")
            }
            try await CaseReads(store: store, acts: acts).admit(me, toProtocolOf: commission, reason: parameters.filled("reason"))
            let form = try await ConsoleProtocolForm(commissionId: commission, meetingId: meeting, store: store, text: text, language: language(request, context))
            return page("form-protocol", form.values, request, context)
        }
        // The body's staff, leaves and roles, for its HR officer (004 §21).
        pages.get("console/staff") { request, context -> Response in
            let me = try signedIn(context)
            let account = try await acts.account(of: me.personId)
            guard let bodyId = account.bodyId else { throw Powers.forbidden("Authorization", "004 §21: the staff list is the body's HR officer's; \(me.personId) has no body") }
            let organisation = try await acts.organisation(bodyId: bodyId)
            let today = BodyTimeZone.localDate(of: SystemClock().now(), zone: organisation.timeZone)
            guard organisation.holder(of: Roles.hrOfficer, on: today) == me.personId else {
                throw Powers.forbidden("Authorization", "004 §21: the staff list of body \(bodyId) is its HR officer's; \(me.personId) is not")
            }
            return page("staff", ConsoleStaff(organisation: organisation, today: today, text: text, language: language(request, context)).values, request, context)
        }
        // The records office: retention on a day, legal holds, and the purge with its dry run (001 §8, 004 §15).
        pages.get("console/records") { request, context -> Response in
            let me = try signedIn(context)
            try await records.requireOffice(of: me, among: [Roles.recordsOfficer], for: "retention")
            let values = try await ConsoleRecords(store: store, text: text, language: language(request, context)).values(on: try records.day(ConsoleForm(query: request)["on"]))
            return page("records", values, request, context)
        }
        pages.post("console/records/purge") { request, context -> Response in
            let me = try signedIn(context)
            try await records.requireOffice(of: me, among: [Roles.recordsOfficer], for: "a purge")
            let form = try await ConsoleForm(request)
            let date = try records.day(form["on"]), dryRun = form["dryRun"] == "true"
            let certificateId = form.filled("certificateId") ?? "purge-\(date)"
            let purge = try await RecordsOffice.purge(store, readModels: readModels, on: date, by: me.personId, certificateId: certificateId, dryRun: dryRun, signer: records.signer)
            let values = try await ConsoleRecords(store: store, text: text, language: language(request, context)).values(on: date, purge: (purge, dryRun))
            return page("records", values, request, context)
        }
    }
}
