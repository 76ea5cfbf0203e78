import CFuzzDriver

/// A fuzz target's input function: libFuzzer calls it with each input; it returns 0.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer's driver with the process's arguments (corpus folders, `-runs=`,
/// `-max_total_time=`, …) over `target`. Called from each target's `<Target>_main`.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ target: FuzzTarget) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, target)
}
