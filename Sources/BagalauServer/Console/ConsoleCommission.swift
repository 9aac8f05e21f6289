import Evaluation
import LedgerCore

/// A commission's protocol as the console shows it (хаттама; 001 §30–§38): each meeting with its chair,
/// secretary, members, who was present and whether it was quorate (001 §30); the motions put at it with
/// the proposal, a revised grade, the count for and against, the outcome and a tie the chair's vote broke
/// (001 §33, §37–§38); and each member's open vote (001 §32).
struct ConsoleCommission {
    let commission: String
    /// The protocol's tables in order: meetings, motions, votes (``CommissionRoutes/protocol(of:in:)``).
    let tables: [(table: ReadModelTable, rows: [ReadModelRow])]
    /// A mandate holder's reason for the read, carried to each meeting's printable protocol.
    let reason: String?
    let text: ConsoleText
    let language: ConsoleText.Language

    var values: [String: Any] {
        let meetings = tables[0].rows, motions = tables[1].rows, votes = tables[2].rows
        return [
            "commission": commission, "hasMeetings": !meetings.isEmpty,
            "meetings": meetings.map { meeting -> [String: Any] in
                let held = meeting[7] != .null
                return [
                    "id": meeting[1].text ?? "", "date": ConsoleText.date(text: meeting[2].text, language),
                    "chair": meeting[3].text ?? "", "secretary": meeting[4].text ?? "", "members": list(meeting[5]),
                    "present": held ? list(meeting[6]) : text("notHeldYet", language),
                    "quorum": held ? text(meeting[7] == .integer(1) ? "quorate" : "notQuorate", language) : "—",
                    "formHref": "/console/forms/protocol?commission=\(Console.encoded(commission))&meeting=\(Console.encoded(meeting[1].text ?? ""))"
                        + (reason.map { "&reason=" + Console.encoded($0) } ?? ""),
                    "motions": motions.filter { $0[2] == meeting[1] }.map { motion in self.motion(motion, votes: votes.filter { $0[1] == motion[1] }) },
                ]
            },
        ]
    }

    func motion(_ motion: ReadModelRow, votes: [ReadModelRow]) -> [String: Any] {
        let decided = motion[8] != .null
        return [
            "id": motion[1].text ?? "", "case": motion[3].text ?? "",
            "proposal": text("proposal." + (motion[4].text ?? ""), language), "correctedGrade": motion[5].text.map { text.grade($0, language) } ?? "—",
            "for": motion[6].integer.map(String.init) ?? "—", "against": motion[7].integer.map(String.init) ?? "—",
            "decision": decided ? text(motion[8] == .integer(1) ? "carried" : "notCarried", language) : text("notDecidedYet", language),
            "tieBroken": motion[9] == .integer(1),
            "votes": votes.map { ["member": $0[2].text ?? "", "vote": text("vote." + ($0[3].text ?? ""), language)] },
        ]
    }

    func list(_ value: ReadModelValue) -> String { (value.text ?? "").split(separator: ",").joined(separator: ", ") }
}
