#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A child process started with `posix_spawn` in a process group of its own, with stdin on
/// `/dev/null` and stdout and stderr on one pipe (so the lines keep the order the process
/// wrote them in, as Lambda's log stream does). Everything it prints is collected as lines
/// until `takeLines()` drains them. Every process started here is stopped by `terminate`,
/// which signals the whole group: a shell that started children takes them with it.
final class ChildProcess: Sendable {
    /// How a process ended, in the words Lambda uses (`exit status 1`, `signal: killed`).
    enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): return "exit status \(code)"
            case .signalled(let signal): return "signal: \(Self.signalName(signal))"
            }
        }

        private static func signalName(_ signal: Int32) -> String {
            switch signal {
            case SIGKILL: return "killed"
            case SIGTERM: return "terminated"
            case SIGSEGV: return "segmentation fault"
            case SIGABRT: return "aborted"
            case SIGINT: return "interrupt"
            default: return "\(signal)"
            }
        }
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    /// The most output kept between two drains; the rest is dropped with a note.
    private static let maxBufferedBytes = 1 << 20

    private struct State {
        var pending: [UInt8] = []
        var lines: [String] = []
        var bufferedBytes = 0
        var truncated = false
        var outputOpen = true
        var termination: Termination?
        var exitWaiters: [CheckedContinuation<Termination, Never>] = []
        var onExit: (@Sendable (Termination) -> Void)?
    }
    private let state = Mutex(State())
    private let outputFD: Int32

    private init(pid: pid_t, outputFD: Int32) {
        self.pid = pid
        self.outputFD = outputFD
    }

    /// Starts `arguments[0]` (looked up in `PATH` when it has no slash) in `workingDirectory`
    /// with exactly `environment`.
    static func spawn(arguments: [String], environment: [String: String], workingDirectory: String,
                      onExit: (@Sendable (Termination) -> Void)? = nil) throws -> ChildProcess {
        guard let executable = arguments.first, !executable.isEmpty else {
            throw SpawnError(description: "the command is empty")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SpawnError(description: "the working directory \(workingDirectory) does not exist")
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        let readFD = fds[0], writeFD = fds[1]
        _ = fcntl(readFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 1)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 2)
        if let addCloseFrom = SpawnExtensions.addCloseFrom { _ = addCloseFrom(&actions, 3) }
        if let addChdir = SpawnExtensions.addChdir {
            _ = addChdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // Without addchdir (old libc), a relative executable would resolve against our own
        // directory: make it absolute against the working directory first.
        var program = executable
        if SpawnExtensions.addChdir == nil, program.contains("/"), !program.hasPrefix("/") {
            program = (workingDirectory as NSString).appendingPathComponent(program)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        // posix_spawnp looks the program up in our PATH, so look it up in the child's instead.
        let resolved = program.contains("/") ? program : (Self.lookUp(program, in: environment["PATH"]) ?? program)
        let result = posix_spawn(&pid, resolved, &actions, &attributes, argv, envp)
        close(writeFD)
        guard result == 0 else {
            close(readFD)
            throw SpawnError(description: "could not start \(executable): \(String(cString: strerror(result)))")
        }
        let process = ChildProcess(pid: pid, outputFD: readFD)
        process.state.withLock { $0.onExit = onExit }
        process.startThreads()
        return process
    }

    private static func lookUp(_ program: String, in path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    private func startThreads() {
        let reaper = Thread { [self] in
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, 0) } while result == -1 && errno == EINTR
            let termination: Termination
            if result == -1 {
                termination = .exited(-1)
            } else if status & 0x7f == 0 {
                termination = .exited((status >> 8) & 0xff)
            } else {
                termination = .signalled(status & 0x7f)
            }
            // Whatever the process wrote before it died is in the pipe: read it first.
            drainPipe()
            let (waiters, onExit) = state.withLock { state in
                state.termination = termination
                defer { state.exitWaiters = []; state.onExit = nil }
                return (state.exitWaiters, state.onExit)
            }
            waiters.forEach { $0.resume(returning: termination) }
            onExit?(termination)
        }
        reaper.name = "portico-reaper-\(pid)"
        reaper.start()

        let reader = Thread { [self] in
            var descriptor = pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)
            while state.withLock({ $0.outputOpen }) {
                let ready = poll(&descriptor, 1, 200)
                if ready > 0 {
                    if !drainPipe() { break }
                } else if ready < 0, errno != EINTR {
                    break
                }
            }
            state.withLock { state in
                if state.outputOpen { state.outputOpen = false; close(outputFD) }
            }
        }
        reader.name = "portico-output-\(pid)"
        reader.start()
    }

    /// Reads what the pipe holds now, without blocking; false once the pipe is closed.
    @discardableResult
    private func drainPipe() -> Bool {
        state.withLock { state in
            guard state.outputOpen else { return false }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16_384) { chunk in
                while true {
                    let count = read(outputFD, chunk.baseAddress, chunk.count)
                    if count > 0 {
                        Self.append(UnsafeBufferPointer(rebasing: chunk[0..<count]), to: &state)
                    } else if count == 0 {
                        return false          // every writer is gone
                    } else if errno == EINTR {
                        continue
                    } else {
                        return errno == EAGAIN || errno == EWOULDBLOCK
                    }
                }
            }
        }
    }

    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, to state: inout State) {
        if state.bufferedBytes + bytes.count > maxBufferedBytes {
            if !state.truncated {
                state.truncated = true
                state.lines.append("[portico] output beyond \(maxBufferedBytes) bytes in one invocation was dropped")
            }
            return
        }
        state.bufferedBytes += bytes.count
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                state.lines.append(String(decoding: state.pending, as: UTF8.self))
                state.pending.removeAll(keepingCapacity: true)
            } else {
                state.pending.append(byte)
            }
        }
    }

    /// Every line printed since the last call, the unfinished last line included. The pipe is
    /// read first, so whatever the process wrote before it made its last request is there.
    func takeLines() -> [String] {
        drainPipe()
        return state.withLock { state in
            if !state.pending.isEmpty {
                state.lines.append(String(decoding: state.pending, as: UTF8.self))
                state.pending.removeAll(keepingCapacity: true)
            }
            defer { state.lines = []; state.bufferedBytes = 0; state.truncated = false }
            return state.lines
        }
    }

    var termination: Termination? { state.withLock { $0.termination } }

    /// Stops reading the output (after `terminate`): a descendant that escaped the process
    /// group and kept the pipe open no longer holds a reader thread.
    func closeOutput() {
        state.withLock { state in
            if state.outputOpen { state.outputOpen = false; close(outputFD) }
        }
    }

    /// Waits until the process has ended.
    func waitForExit() async -> Termination {
        await withCheckedContinuation { continuation in
            let ended: Termination? = state.withLock { state in
                if let termination = state.termination { return termination }
                state.exitWaiters.append(continuation)
                return nil
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// Sends `signal` to the process group (the process and whatever it started).
    func signal(_ signal: Int32) {
        guard termination == nil else { return }
        if kill(-pid, signal) != 0 { _ = kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL if the process has not ended within `grace`; returns once it has.
    @discardableResult
    func terminate(grace: Duration = .seconds(2)) async -> Termination {
        if let termination { return termination }
        signal(SIGTERM)
        if let ended = await withTimeLimit(grace, fallback: nil, { await self.waitForExit() }) { return ended }
        // Still running after the grace period: this ends it for good.
        signal(SIGKILL)
        return await waitForExit()
    }

    /// The peak resident memory in MB, as `Max Memory Used` in Lambda's REPORT line.
    func peakMemoryMB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return (kilobytes + 1023) / 1024
        }
        return nil
    }
}

/// glibc's `_np` spawn actions, which Swift's Glibc module does not import.
private enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        let handle = dlopen(nil, RTLD_NOW)
        return dlsym(handle, name)
    }
}
