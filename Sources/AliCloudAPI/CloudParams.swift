/// The plugin's `cloudParams`: `regionId=...;regionGroup=...`.
public struct CloudParams: Sendable, Equatable {
  public var regionId: String
  public var regionGroup: String?

  public init(regionId: String, regionGroup: String? = nil) {
    self.regionId = regionId
    self.regionGroup = regionGroup
  }

  /// Parses tolerantly; the error names what is missing or wrong.
  /// `defaultRegion` (`ALIBABA_CLOUD_REGION_ID`, a profile's region) applies when none is given.
  /// It is asked for only then (it may read the profile file).
  public static func parse(
    _ text: String, defaultRegion: @autoclosure () -> String? = nil
  ) throws(AliCloudError) -> CloudParams {
    let map = KeyValueParams.parse(text)
    guard let region = KeyValueParams.first(map, ["regionid", "region"]) ?? defaultRegion() else {
      throw .invalid("cloudParams is missing regionId (expected 'regionId=<region>[;regionGroup=<group>]')")
    }
    guard Endpoints.isValidRegion(region) else {
      throw .invalid("cloudParams regionId '\(region)' is not a region id (lower-case letters, digits and '-')")
    }
    return CloudParams(regionId: region, regionGroup: KeyValueParams.first(map, ["regiongroup"]))
  }
}
