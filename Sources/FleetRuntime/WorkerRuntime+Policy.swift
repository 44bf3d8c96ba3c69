import Fleet
import Observability

extension WorkerRuntime {
    /// For a stage that follows the policy topic (generators, trainers): `/readyz` reports not ready while the stage
    /// cannot work — before `holder` has loaded a version, and while the newest announced version is more than
    /// `maxLag` ahead of the loaded one (being loaded, or failing to load: the reason says which).
    public func requirePolicy<Policy>(_ holder: PolicyHolder<Policy>, maxLag: Int) {
        let (policyTopic, lag) = (topics.policy.name, PolicyLag(maxLag: maxLag))
        readiness.register("policy-loaded") {
            holder.unreadiness { lag.accepts($0, newest: $1) }.map { .notReady("\($0) (from \(policyTopic))") } ?? .ready
        }
    }

    /// Copies `holder`'s loaded version into the `tao_policy_version` gauge (nothing before the first), and its
    /// failed loads into `tao_policy_load_failures_total`.
    public func recordPolicyVersion<Policy>(_ holder: PolicyHolder<Policy>) {
        let version = holder.currentVersion
        if version >= 0 { metrics.record(FleetMetric.policyVersion, Double(version)) }
        metrics.advance(FleetMetric.policyLoadFailures, to: holder.failedLoads)
    }
}
