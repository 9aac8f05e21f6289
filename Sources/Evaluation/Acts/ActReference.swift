import LedgerCore

/// docs/acts.md, generated from the act declarations (design.md §14): `bagalau act-reference` prints
/// it, CI checks the file against it.
public enum ActReference {
    public static func markdown() -> String {
        var page = """
        # Acts (`bagalau acts FILE`, `POST /acts/{act}`)

        <!-- Generated from the act declarations by `bagalau act-reference`; CI checks it. Edit the declarations, not this file. -->

        One act a line. Every line has `act`, `occurredAt` (RFC 3339 with offset), `actor` (`{"person", "role"}`)
        and, to make re-runs safe, an `id` (UUID): an act whose id is stored already is skipped. The act's own
        fields follow; a field marked `?` may be left out, and a field the act does not have is refused. Each act
        is decided by its rulebook against the ledger as it stands (docs/annual-2018.md); the first refused act
        stops the file, naming its line, the clause and the facts. The deadlines an act is judged against are
        recorded with it: in its own payload (`deadlines`, the 2023 acts) or, for the 2018 and commission acts,
        in a `compliance.deadlines-judged` event on `findings/<stream>` written in the same transaction.

        Over the server the same act is `POST /acts/{act}` with the fields as the body (docs/access.md); the
        JSON Schema of each line is `schemas/acts/<act>.schema.json`, and `GET /openapi.json` describes the API.

        | act | actor's role | fields |
        |---|---|---|

        """
        for act in ActCatalog.all.map(\.declaration) {
            page += "| `\(act.name)` | \(act.roles) | \(act.fieldSummary) |\n"
        }
        page += """

        Read back with `bagalau grades --body B --year Y`, `bagalau protocol --commission C` and
        `bagalau case --body B --year Y --person P` (each also `--json`); the 2023 methodology's results with
        `bagalau quarterly grades|annual|calibrations|360|deadlines|due --body B --year Y --reader PERSON [--person P]`
        (confidential: docs/quarterly-2023.md); attestation with `bagalau attestation cases|history|protocol|summary`
        (docs/attestation.md). Each of these confidential reads names `--operator NAME --reason "…"`, recorded in
        each case read.

        """
        return page
    }
}
