import Foundation
import ParleyDomain
import ParleyStore
@testable import ParleyStorePostgres
import Testing

/// Appends per second through the group-commit writer: one node, then two nodes on one database.
/// Runs only when asked (it measures, it asserts little):
///   PARLEY_TEST_POSTGRES_BENCH=20000 scripts/throwaway-postgres swift test --skip-build --filter ThroughputBenchmark
@Suite("PostgreSQL throughput", .enabled(if: ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_BENCH"] != nil), .timeLimit(.minutes(5)))
struct ThroughputBenchmark {
    let count = Int(ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_BENCH"] ?? "") ?? 20_000

    @Test("appends per second, one node and two nodes, with the search index")
    func appendsPerSecond() async throws {
        let url = try await TestDatabase.make()
        let analyzer = SearchText(analyzer: PlainAnalyzer())
        let a = try await TestDatabase.open(url, searchText: analyzer)
        let b = try await TestDatabase.open(url, searchText: analyzer)
        var created: [String] = []
        for i in 0..<20 { created.append(try await a.createConversation(kind: .group, tenant: "acme", title: "G\(i)", members: [alice]).id) }
        let groups = created

        let one = try await measure([a], groups: groups, tag: "one")
        let two = try await measure([a, b], groups: groups, tag: "two")
        print("postgres appends/s: one node \(Int(one)), two nodes \(Int(two)) (\(count) messages, 20 conversations, bursts of 20 from 8 senders per node)")
        #expect(one > 0 && two > 0)
        await a.close()
        await b.close()

        let plain = try await TestDatabase.open(try await TestDatabase.make())
        var plainGroups: [String] = []
        for i in 0..<20 { plainGroups.append(try await plain.createConversation(kind: .group, tenant: "acme", title: "G\(i)", members: [alice]).id) }
        let unindexed = try await measure([plain], groups: plainGroups, tag: "plain")
        print("postgres appends/s without the search index: one node \(Int(unindexed))")

        // One message at a time: what an ack costs when nothing else is queued.
        var latencies: [Duration] = []
        let outcomes = Outcomes()
        let writer = plain.makeWriter { outcomes.add($0, $1) }
        for i in 0..<200 {
            let start = ContinuousClock.now
            writer.append(message(plainGroups[0], "single-\(i)"), token: UInt64(i))
            try await outcomes.wait(for: i + 1)
            latencies.append(ContinuousClock.now - start)
        }
        await writer.stop()
        latencies.sort()
        print("postgres single-append ack latency: p50 \(latencies[100]), p99 \(latencies[198])")
        await plain.close()
    }

    /// Appends `count` messages split over `nodes`, in bursts from 8 tasks per node; acks per second.
    func measure(_ nodes: [PostgresStore], groups: [String], tag: String) async throws -> Double {
        let perNode = count / nodes.count
        let outcomes = nodes.map { _ in Outcomes() }
        let writers = zip(nodes, outcomes).map { node, o in node.makeWriter { o.add($0, $1) } }
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { tasks in
            for (n, writer) in writers.enumerated() {
                for lane in 0..<8 {
                    tasks.addTask {
                        for burst in stride(from: lane * 20, to: perNode, by: 8 * 20) {
                            writer.append(contentsOf: (burst..<min(burst + 20, perNode)).map { i in
                                (message(groups[i % groups.count], "\(tag)-\(n)-\(i)", text: "status update number \(i) about the budget"),
                                 token: UInt64(i))
                            })
                            try? await Task.sleep(for: .microseconds(200))
                        }
                    }
                }
            }
        }
        for o in outcomes { try await o.wait(for: perNode) }
        let elapsed = ContinuousClock.now - start
        for w in writers { await w.stop() }
        #expect(outcomes.allSatisfy { $0.rejected.isEmpty })
        print("postgres \(tag): \(outcomes.map(\.batches)) batches per node")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(perNode * nodes.count) / seconds
    }
}
