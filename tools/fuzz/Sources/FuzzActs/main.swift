import Evaluation
import FuzzDriver
import Glibc
import LedgerCore

/// Any bytes as one line of `bagalau acts` (decoded and checked against its act's declaration) and of
/// `bagalau import` (the envelope, then the payload against its event schema). A refusal is a
/// `LedgerError` naming what is wrong; anything else — a crash, a trap, another error — is a finding.
func fuzzActs(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let line = try? JSONParser.parse(bytes: bytes) {
        do { _ = try ActRequest(line) } catch let error as LedgerError { precondition(!error.message.isEmpty) } catch { fatalError("not a LedgerError: \(error)") }
    }
    if let text = String(validating: bytes, as: UTF8.self) {
        do {
            _ = try EventImport.parse(text, catalog: BagalauCatalog.all) { "00000000-0000-4000-8000-000000000001" }
        } catch let error as EventImport.LineError {
            precondition(error.line >= 1 && !error.error.message.isEmpty)
        } catch {
            fatalError("not a line error: \(error)")
        }
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzActs($0, $1) })
