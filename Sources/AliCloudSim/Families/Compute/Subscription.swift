import AliCloudCore
import Foundation

/// Subscription (PrePaid) resources: released only once expired, as AliCloud documents for ECS
/// DeleteInstance, VPC ReleaseEipAddress and RDS DeleteDBInstance (docs/simulator.md).
enum Subscription {
  /// When a resource created now ends: pay-as-you-go ones never do; a subscription lasts `Period`
  /// `PeriodUnit`s (a month by default).
  static func expiry(_ ctx: SimContext, prepaid: Bool) -> String {
    guard prepaid else { return "2099-12-31T15:59Z" }
    let period = Double((try? ctx.int("Period")) ?? nil ?? 1)
    let days = ctx.string("PeriodUnit") == "Week" ? 7.0 : ctx.string("PeriodUnit") == "Year" ? 365.0 : 30.0
    return SimTime.format(ctx.now.addingTimeInterval(period * days * 86_400))
  }

  /// Whether `expiry` has passed.
  static func expired(_ ctx: SimContext, _ expiry: String) -> Bool {
    guard let end = SimTime.parse(expiry) ?? SimTime.parse(expiry.replacingOccurrences(of: "Z", with: ":00Z")) else {
      return false
    }
    return end <= ctx.now
  }
}
