/// The VPC and vSwitch rules of the data families: a VPC or vSwitch that still holds a load
/// balancer, an RDS instance or a Redis instance cannot be deleted.
enum DataDependencies {
  static func register(_ r: inout SimRegistry, child: String, what: String) {
    r.rule(
      SimDependencyRule(
        parent: VpcFamily.kind, child: child, field: "VpcId", code: "DependencyViolation.Instance",
        message: "Specified VPC has dependent resources: the \(what) {child} is still in it."))
    r.rule(
      SimDependencyRule(
        parent: VSwitchFamily.kind, child: child, field: "VSwitchId", code: "DependencyViolation.Instance",
        message: "Specified vSwitch has dependent resources: the \(what) {child} is still in it."))
  }
}
