import Evaluation
import LedgerCore
import SQLiteStore

/// A person's home, derived from their powers on the day (design.md §13): their own cases; the body's
/// board for its HR officer (004 §21: the HR officer reads every case of the body); the ledger's integrity
/// and a case lookup for auditors, appeals reviewers, the records office and administrators; the cases
/// due for purge for the records office (001 §8, 004 §15).
struct ConsoleHome {
    let console: Console
    let language: ConsoleText.Language

    static let ledgerReaders = [Roles.auditor, Roles.appealsReviewer, Roles.recordsOfficer, Roles.administrator]
    /// How many of one act waiting the home lists.
    static let shownPerAct = 25

    func values(for me: SignedIn) async throws -> [String: Any] {
        let acts = console.acts, text = console.text
        let now = SystemClock().now()
        let account = try await acts.account(of: me.personId)
        var organisation: OrganisationState?
        if let bodyId = account.bodyId { organisation = try await acts.organisation(bodyId: bodyId) }
        let today = BodyTimeZone.localDate(of: now, zone: organisation?.timeZone ?? "Asia/Almaty")
        let offices = account.offices.filter { account.holds(office: $0, at: now) }
        let bodyRoles = organisation.map { organisation in Powers.bodyRoles.sorted().filter { organisation.holder(of: $0, on: today) == me.personId } } ?? []
        let cases = ConsoleCases(store: console.store, readModels: console.readModels, acts: acts, text: text, language: language)
        var values: [String: Any] = [:]
        values["roles"] = (offices + bodyRoles).map { text.role($0, language) }
        let hr = account.bodyId != nil && bodyRoles.contains(Roles.hrOfficer)
        let found = try await cases.cases(in: try cases.bodies(of: me.personId, besides: account.bodyId)) { body, person in
            person == me.personId || (hr && body == account.bodyId)
        }
        values["myCases"] = found.filter { $0.personId == me.personId }.map { found -> [String: Any] in
            found.values.merging(["stream": found.stream, "method": found.method, "year": found.year]) { a, _ in a }
        }
        if let bodyId = account.bodyId, let organisation {
            let waiting = try await ConsoleWaiting(console: console, language: language).items(for: me.personId, bodyId: bodyId, organisation: organisation, today: today)
            // By act, at most `shownPerAct` of each: an HR officer of a large body behind on a year's notices
            // has thousands waiting; the page says how many more there are.
            let groups = Dictionary(grouping: waiting) { $0["act"] as? String ?? "" }
            values["waiting"] = groups.keys.sorted().map { act -> [String: Any] in
                let items = groups[act] ?? []
                return ["act": act, "count": items.count, "items": Array(items.prefix(Self.shownPerAct)), "more": items.count > Self.shownPerAct ? String(items.count - Self.shownPerAct) as Any : false]
            }
            values["hasWaiting"] = !waiting.isEmpty
        }
        // Words a long list repeats are put in each row: looked up in the page's catalogue they cost a walk
        // up the context for every row.
        let open = text("openCase", language)
        if let bodyId = account.bodyId, hr {
            let board = found.filter { $0.bodyId == bodyId }.map { found -> [String: Any] in
                ["person": found.personId, "method": found.method, "year": found.year, "grade": found.grade, "status": found.status, "stream": found.stream, "open": open]
            }
            let late = try cases.lateActs(of: bodyId)
            values["board"] = ["body": bodyId, "cases": board, "late": late, "hasLate": !late.isEmpty] as [String: Any]
        }
        if offices.contains(where: Self.ledgerReaders.contains) {
            let status = try await ChainStatus(store: console.store)
            var ledger: [String: Any] = [
                "intact": status.failure == nil, "failure": status.failure?.message ?? "", "eventsChecked": status.chain.eventsChecked,
                "purgedPayloads": status.chain.purgedPayloads,
            ]
            if let audit = try? status.checkpoints.get(), let seq = audit.lastHeadSeq {
                ledger["checkpoint"] = ["seq": seq, "hash": audit.lastHeadHash ?? "", "at": audit.lastRecordedAt.map { ConsoleText.moment($0, language) } ?? ""] as [String: Any]
            }
            values["ledger"] = ledger
        }
        // Accounts are opened, suspended and reset, and mandates granted, by their keepers (design.md §13):
        // the body's HR officer for its staff, the records office for auditors and appeals reviewers, an
        // administrator for anyone — each a form.
        let keeper = hr || offices.contains(Roles.recordsOfficer) || offices.contains(Roles.administrator)
        let mandates = offices.contains(Roles.recordsOfficer) || offices.contains(Roles.administrator)
        let accountActs = ["access.open-account", "access.reset-password", "access.suspend-account", "access.reinstate-account", "access.close-account"].filter { _ in keeper }
            + ["access.grant-mandate", "access.revoke-mandate"].filter { _ in mandates }
        values["accountActs"] = accountActs.filter { ActCatalog.byName[$0] != nil }.map { ["href": "/console/acts/\($0)", "title": text("act." + $0, language)] }
        values["hasAccountActs"] = !accountActs.isEmpty
        let commissions = try CommissionRoutes.commissions(of: me.personId, in: console.readModels)
        values["commissions"] = commissions.map { ["id": $0, "href": "/console/commission?commission=\($0)"] }
        values["hasCommissions"] = !commissions.isEmpty
        if offices.contains(Roles.recordsOfficer) {
            let due = try await RecordsOffice.retention(console.store, readModels: console.readModels).statuses(mayBeDueOn: today).filter { $0.state(on: today) == "due" }.map { status -> [String: Any] in
                ["stream": status.caseStream, "endedOn": status.endedOn.map { ConsoleText.date($0, language) } ?? "—",
                 "dueOn": status.dueOn.map { ConsoleText.date($0, language) } ?? "—"]
            }
            values["retention"] = ["due": due, "hasDue": !due.isEmpty] as [String: Any]
        }
        return values
    }
}
