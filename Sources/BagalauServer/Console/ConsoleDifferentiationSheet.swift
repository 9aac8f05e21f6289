import Evaluation
import LedgerCore

/// The 2023 method's evaluation sheet by the differentiation method (саралау әдісі, 004 App. 4;
/// §30–§33): the servant, position and quarter; the four parameters of §33 and the volume and complexity
/// of the work, each with the evaluator's grounds; the score 0–5 (§32) and the band of 004 §8 as the
/// methodology version names it; where a calibration session corrected it, the final score (§42); who
/// scored and who was familiarised (§12) — and the events whose hashes prove it.
struct ConsoleDifferentiationSheet {
    let parties: ConsoleFormParties
    let text: ConsoleText

    static let parameters = ["quality", "timeliness", "initiative", "discipline", "workload"]

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        let quarter = try parties.requiredQuarter("004 App. 4")
        guard let scored = parties.last(QuarterlyEvents.differentiationScored, ofQuarter: quarter) else {
            throw LedgerError(.notFound, field: "quarter", "004 §30, §32: \(record.stream) is not scored for quarter \(quarter)")
        }
        let payload = try scored.payload()
        let familiarised = parties.last(QuarterlyEvents.familiarised, ofQuarter: quarter)
        let calibrated = parties.last(QuarterlyEvents.calibrationProtocolSigned, ofQuarter: quarter)
        let calibration = try calibrated?.payload()
        let rows = Self.parameters.enumerated().map { index, name -> [String: Any] in
            ["number": index + 1, "parameter": text("param." + name, language), "note": payload[name]?.stringValue ?? ""]
        }
        let values: [String: Any?] = [
            "stream": record.stream, "year": parties.year, "quarter": quarter, "servant": parties.person(parties.servant), "position": parties.position,
            "rows": rows, "score": ConsoleText.decimal(payload["rounded"]?.stringValue, language), "band": parties.band(payload["result"]?.stringValue),
            "calibrated": calibration.map { ["score": ConsoleText.decimal($0["rounded"]?.stringValue, language), "band": parties.band($0["result"]?.stringValue), "on": parties.day(calibrated)] },
            "signers": [
                ["role": text("formEvaluator", language), "name": parties.person(scored.actor.person), "date": parties.day(scored)],
                ["role": text("formFamiliarised", language), "name": parties.person(parties.servant), "date": parties.day(familiarised)],
            ],
            "proof": parties.proof([scored, familiarised, calibrated]),
        ]
        return values.compactMapValues { $0 }  // no calibration, no key (Mustache shows an optional's nil as text)
    }
}
