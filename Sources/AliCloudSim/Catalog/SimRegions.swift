/// The simulated regions and zones.
public struct SimRegion: Sendable {
  public var regionId: String
  public var localName: String
  public var zones: [String]
}

public enum SimRegions {
  public static let all: [SimRegion] = [
    SimRegion(
      regionId: "cn-hangzhou", localName: "华东1（杭州）",
      zones: ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]),
    SimRegion(
      regionId: "cn-shanghai", localName: "华东2（上海）", zones: ["cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g"]),
    SimRegion(regionId: "cn-beijing", localName: "华北2（北京）", zones: ["cn-beijing-g", "cn-beijing-h", "cn-beijing-i"]),
    SimRegion(
      regionId: "cn-shenzhen", localName: "华南1（深圳）", zones: ["cn-shenzhen-d", "cn-shenzhen-e", "cn-shenzhen-f"]),
    SimRegion(regionId: "cn-hongkong", localName: "中国香港", zones: ["cn-hongkong-b", "cn-hongkong-c"]),
    SimRegion(
      regionId: "ap-southeast-1", localName: "新加坡", zones: ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]),
    SimRegion(regionId: "us-west-1", localName: "美国（硅谷）", zones: ["us-west-1a", "us-west-1b"]),
    SimRegion(regionId: "eu-central-1", localName: "德国（法兰克福）", zones: ["eu-central-1a", "eu-central-1b"]),
  ]

  public static func find(_ regionId: String) -> SimRegion? { all.first { $0.regionId == regionId } }

  /// The region a zone belongs to.
  public static func region(ofZone zone: String) -> SimRegion? { all.first { $0.zones.contains(zone) } }
}
