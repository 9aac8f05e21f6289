import LedgerCore

/// 004 §16, §21: results are strictly confidential — known only to the evaluated servant, the
/// evaluator, the HR officer and the participants of the case's calibration sessions. Enforced where
/// results are read; auditors and appeals reviewers read through a recorded access (issue 6).
public enum QuarterlyConfidentiality {
    /// Who may read a case besides the body's HR officer.
    public static func readers(of state: QuarterlyCaseState) -> Set<String> {
        Set([state.personId, state.evaluatorId]).union(state.calibrationParticipants)
    }

    /// Refuses `reader` unless they are one of the case's readers or the body's HR officer.
    public static func requireReader(_ reader: String, caseId: String, caseReaders: Set<String>, hrOfficer: String?) throws {
        guard caseReaders.contains(reader) || reader == hrOfficer else {
            throw Refusal.because(
                "004 §16, §21", field: "reader",
                "the results of \(caseId) are known only to the evaluated servant, the evaluator, the HR officer and the case's calibration participants; \(reader) is none of them")
        }
    }
}
