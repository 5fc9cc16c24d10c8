import Metrics

/// The identity feature's counters at /metrics: sign-ins, refreshes, and every refusal by reason
/// (`parley_identity_refusals_total{reason="wrong_state"}`).
final class IdentityMetrics: Sendable {
    let signIns = Counter(label: "parley_identity_sign_ins_total")
    let refreshes = Counter(label: "parley_identity_refreshes_total")
    let deactivations = Counter(label: "parley_identity_deactivations_total")
    private let refusals: [IdentityError.Reason: Counter]

    init() {
        var r: [IdentityError.Reason: Counter] = [:]
        for reason in IdentityError.Reason.allCases {
            r[reason] = Counter(label: "parley_identity_refusals_total", dimensions: [("reason", reason.rawValue)])
        }
        refusals = r
    }

    func refused(_ reason: IdentityError.Reason) {
        refusals[reason]?.increment()
    }
}
