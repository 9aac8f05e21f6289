/// Every act `bagalau acts` knows (docs/acts.md lists each with its fields; a test keeps the two equal).
/// An act outside this list is reported as unknown before any of its fields is read.
public enum ActNames {
    public static let all: Set<String> = [
        "access.close-account", "access.grant-mandate", "access.open-account", "access.reinstate-account", "access.reset-password",
        "access.revoke-mandate", "access.suspend-account",
        "annual.agree-kpi-sheet", "annual.approve-plan", "annual.approve-result", "annual.decide-appeal", "annual.draft-plan",
        "annual.file-appeal", "annual.hand-to-commission", "annual.open-case", "annual.record-court-decision",
        "annual.record-familiarisation", "annual.record-monitoring", "annual.record-refusal", "annual.return-kpi-sheet",
        "annual.return-plan", "annual.send-result", "annual.sign-competency-sheet", "annual.sign-kpi-sheet", "annual.submit-plan",
        "attestation.decide", "attestation.decide-appeal", "attestation.file-appeal", "attestation.file-document",
        "attestation.file-to-personal-file", "attestation.hold-interview", "attestation.open-case", "attestation.open-reattestation",
        "attestation.order", "attestation.order-result", "attestation.reschedule", "attestation.review-decision", "attestation.schedule",
        "attestation.sign-notice", "attestation.view-materials", "attestation.vote",
        "calendar.record-decree",
        "commission.amend", "commission.decide", "commission.form", "commission.hold", "commission.notify", "commission.put-motion",
        "commission.schedule", "commission.vote",
        "methodology.adopt-annual-evaluation", "methodology.adopt-attestation-regulation", "methodology.adopt-quarterly-evaluation",
        "methodology.repeal",
        "organisation.appoint", "organisation.assign-role", "organisation.assign-supervisor", "organisation.dismiss",
        "organisation.record-leave", "organisation.record-structure-change", "organisation.register-body",
        "quarterly.apply-for-calibration", "quarterly.approve-schedule", "quarterly.argue", "quarterly.change-plan",
        "quarterly.compute-actual-values", "quarterly.convene-calibration", "quarterly.decide-complaint", "quarterly.draw-up-schedule",
        "quarterly.exempt-quarter", "quarterly.familiarise", "quarterly.file-complaint", "quarterly.hold-feedback-meeting",
        "quarterly.notify", "quarterly.open-360", "quarterly.open-case", "quarterly.place-plan", "quarterly.post-protocol",
        "quarterly.record-360-answers", "quarterly.record-court-decision", "quarterly.record-disagreement",
        "quarterly.resolve-disagreement", "quarterly.score-differentiation", "quarterly.score-kpis", "quarterly.self-assess",
        "quarterly.set-plan", "quarterly.sign-protocol", "quarterly.vote",
        "retention.lift-hold", "retention.place-hold",
    ]
}
