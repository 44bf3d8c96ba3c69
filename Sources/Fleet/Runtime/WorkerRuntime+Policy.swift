import Observability

extension WorkerRuntime {
    /// For a stage that follows the policy topic (generators, trainers): `/readyz` reports not ready until `holder`
    /// has loaded a version.
    public func requirePolicy<Policy>(_ holder: PolicyHolder<Policy>) {
        let policyTopic = topics.policy.name
        readiness.register("policy-loaded") {
            holder.currentVersion >= 0 ? .ready : .notReady("no policy version loaded from \(policyTopic) yet")
        }
    }

    /// Copies `holder`'s loaded version into the `tao_policy_version` gauge (nothing before the first).
    public func recordPolicyVersion<Policy>(_ holder: PolicyHolder<Policy>) {
        let version = holder.currentVersion
        if version >= 0 { metrics.record(FleetMetric.policyVersion, Double(version)) }
    }
}
