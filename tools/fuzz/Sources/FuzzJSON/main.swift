import FuzzDriver
import Glibc
import LedgerCore

/// Any bytes to `JSONParser`. Besides not crashing, a value it accepts must survive the canonical form
/// (RFC 8785) unchanged: its canonical bytes parse back to a value with the same canonical bytes.
func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, let value = try? JSONParser.parse(bytes: UnsafeBufferPointer(start: data, count: size)) else { return 0 }
    let canonical = CanonicalJSON.bytes(value)
    guard let again = try? JSONParser.parse(bytes: canonical) else { fatalError("the canonical form of an accepted value does not parse") }
    precondition(CanonicalJSON.bytes(again) == canonical, "the canonical form is not stable")
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzJSON($0, $1) })
