#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, linked by `-sanitize=fuzzer`. SwiftPM links an executable target with
// `main` bound to `<Target>_main`, so each target defines that and hands its input function
// to the driver, instead of libFuzzer's own `main`. The input function is still exported as
// `LLVMFuzzerTestOneInput`, which the rest of libFuzzer's archive refers to.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
