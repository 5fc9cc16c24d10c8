import Foundation

/// A command hook: one long-running process (e.g. `apertium -u -z eng-spa`) kept warm, one request
/// per line, answers matched in order. Starting a process per message costs ~125 ms; a warm one
/// answers in a few milliseconds.
///
/// After a timeout the process is restarted, because a late answer would otherwise be handed to
/// the next request.
public actor CommandHook: TranslationHook {
    public nonisolated let name: String
    let configuration: CommandHookConfiguration
    let timeoutSeconds: Double
    private var process: Process?
    private var input: FileHandle?
    private var channel = LineChannel()

    public init(name: String, configuration: CommandHookConfiguration, timeoutSeconds: Double) {
        self.name = name
        self.configuration = configuration
        self.timeoutSeconds = timeoutSeconds
    }

    public func translate(_ text: String, pair: LanguagePair) async throws -> String {
        try startIfNeeded()
        var line = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if configuration.apertiumStream { line = Self.apertiumEscaped(line) }
        var bytes = Data(line.utf8)
        bytes.append(10)
        if configuration.nulFlush { bytes.append(0) }
        do {
            try input?.write(contentsOf: bytes)
        } catch {
            stop()
            throw TranslationError.hookFailed(engine: name, reason: "cannot write to \(configuration.executable): \(error)")
        }
        do {
            let answer = try await channel.nextLine(timeout: timeoutSeconds,
                                                    onTimeout: TranslationError.hookTimedOut(engine: name, seconds: timeoutSeconds))
            let unescaped = configuration.apertiumStream ? Self.apertiumUnescaped(answer) : answer
            return unescaped.trimmingCharacters(in: .whitespaces)
        } catch let error as TranslationError {
            if case .hookTimedOut = error { stop() }
            throw error
        }
    }

    public func shutdown() async { stop() }

    static func apertiumEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\[]^$/<>@{}*#".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func apertiumUnescaped(_ text: String) -> String {
        var out = ""
        var escaping = false
        for c in text {
            if c == "\\" && !escaping { escaping = true; continue }
            escaping = false
            out.append(c)
        }
        return out
    }

    private func startIfNeeded() throws {
        if let process, process.isRunning { return }
        let process = Process()
        if configuration.executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: configuration.executable)
            process.arguments = configuration.arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [configuration.executable] + configuration.arguments
        }
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let channel = LineChannel()
        let name = self.name, executable = configuration.executable
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                channel.close(TranslationError.hookFailed(engine: name, reason: "\(executable) closed its output"))
            } else {
                channel.receive(data)
            }
        }
        process.terminationHandler = { p in
            channel.close(TranslationError.hookFailed(engine: name, reason: "\(executable) exited with status \(p.terminationStatus)"))
        }
        do {
            try process.run()
        } catch {
            throw TranslationError.hookFailed(engine: name, reason: "cannot start \(executable): \(error)")
        }
        self.process = process
        self.input = stdin.fileHandleForWriting
        self.channel = channel
    }

    private func stop() {
        channel.close(TranslationError.hookFailed(engine: name, reason: "\(configuration.executable) was restarted"))
        try? input?.close()
        if let process, process.isRunning { process.terminate() }
        process = nil
        input = nil
    }
}
