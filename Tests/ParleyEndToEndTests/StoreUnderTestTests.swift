import Foundation
import Testing

/// The PostgreSQL pass of scripts/test-suites runs the end-to-end suites again with
/// `PARLEY_TEST_STORE=postgres`; this suite proves which store those daemons really got. It prints
/// `store under test: NAME` (the daemon's own /healthz answer), which the script requires to read
/// `postgres` in that pass and `sqlite` in the first.
@Suite("Store under test", .timeLimit(.minutes(2)))
struct StoreUnderTestTests {
    @Test("a test daemon runs on the store the run asked for (PARLEY_TEST_STORE)")
    func storeIsTheOneAsked() async throws {
        let d = try await TestDaemon()
        let (status, body) = try await d.request("GET", "/healthz", token: nil)
        #expect(status == 200)
        let store = try #require(body["store"] as? String)
        print("store under test: \(store)")
        #expect(store == (TestStore.onPostgres ? "postgres" : "sqlite"))
        await d.stop()
    }
}
