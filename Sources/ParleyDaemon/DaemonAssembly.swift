import Logging
import ParleyDomain

/// Builds a daemon with every feature this build has: the one place features are wired.
public enum DaemonAssembly {
    public static func make(configuration: DaemonConfiguration, logger: Logger) async throws -> ParleyDaemon {
        try await ParleyDaemon(configuration: configuration, logger: logger)
    }
}
