// libFuzzer's driver, called from a fuzz target's own main (SwiftPM names every executable's entry point
// itself, so libFuzzer's main cannot be the one linked).
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
