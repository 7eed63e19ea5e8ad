import AliCloudCatalog
import Testing

/// The catalogue against the guide itself: every path, every field, every required flag.
@Suite struct GuideConformanceTests {
  let guide: [GuideOperation]

  init() throws {
    guide = try GuideTable.load()
  }

  /// Deliberate, documented differences from the guide's required column: `guid` is only echoed and
  /// an empty `identityParams` selects the daemon's default credentials (product specification §4).
  static let relaxedRequired: Set<String> = ["guid", "identityParams"]

  /// Fields the guide marks required that neither the original plugin nor AliCloud needs: accepted
  /// absent (descriptions; a vSwitch name; Redis capacity, 1024 MB by default; the zone of a VM,
  /// which its vSwitch gives).
  static let optionalHere: Set<String> = [
    "security_group/create description", "security_group/authorize description",
    "vswitch/create vSwitchName", "vswitch/create/route_table/bind vSwitchName", "redis/create capacity",
    "vm/create zoneId",
  ]

  /// Inputs the original plugin carries that the guide does not list.
  static let fromTheOriginal: Set<String> = [
    "vm/create hostName", "vm/stop forceStop", "security_group/revoke description",
  ]

  /// Operations the original plugin registers with WeCube beyond the guide's
  /// (../shared/reference/original-interfaces.md).
  static let beyondTheGuide: Set<String> = [
    "rds/security_ip/modify", "rds/security_group/append", "rds/security_group/remove",
    "redis/security_group/append", "redis/security_group/remove",
  ]

  @Test func guideListsItsFortyNineOperationsAndTheCatalogueAddsTheOriginalsOthers() {
    #expect(guide.count == 49)
    let catalogue = Catalog.writeOperations.map(\.method)
    #expect(Set(catalogue).subtracting(guide.map(\.method)) == Self.beyondTheGuide)
    #expect(catalogue.filter { !Self.beyondTheGuide.contains($0) } == guide.map(\.method), "same order as the guide")
  }

  @Test func everyGuideInputIsInTheCatalogueWithItsRequiredFlag() throws {
    for op in guide {
      let spec = try #require(Catalog.operation(named: op.method))
      for row in op.inputs {
        let field = spec.inputs.first { $0.name == row.name }
        #expect(field != nil, "\(op.method): input \(row.name) missing")
        guard let field, let required = row.required, !Self.relaxedRequired.contains(row.name) else { continue }
        let expected = required && !Self.optionalHere.contains("\(op.method) \(row.name)")
        #expect(field.required == expected, "\(op.method): \(row.name) required should be \(expected)")
        #expect(field.type == .string)
      }
    }
  }

  @Test func everyCatalogueInputIsInTheGuideOrCommon() throws {
    let common: Set<String> = ["guid", "identityParams", "cloudParams", "callbackParameter"]
    for op in guide {
      let spec = try #require(Catalog.operation(named: op.method))
      let documented = Set(op.inputs.map(\.name)).union(common)
      for field in spec.inputs where !Self.fromTheOriginal.contains("\(op.method) \(field.name)") {
        #expect(documented.contains(field.name), "\(op.method): \(field.name) is not in the guide")
      }
    }
  }

  @Test func everyGuideOutputIsInTheCatalogue() throws {
    for op in guide {
      let spec = try #require(Catalog.operation(named: op.method))
      let names = Set(spec.outputs.map(\.name))
      for row in op.outputs {
        // The guide's `request_id` is the plugin's `requestId`, which every output may carry.
        let name = row.name == "request_id" ? "requestId" : row.name
        #expect(names.contains(name), "\(op.method): output \(row.name) missing")
      }
    }
  }

  @Test func theParserSeesTheGuidesOddRows() throws {
    let associate = try #require(guide.first { $0.method == "vpc/eip/associate" })
    #expect(associate.inputs.contains { $0.name == "allocationId" && $0.required == true })
    let sgCreate = try #require(guide.first { $0.method == "security_group/create" })
    #expect(sgCreate.inputs.contains { $0.name == "vpcId" && $0.required == false })
    let vpcDelete = try #require(guide.first { $0.method == "vpc/delete" })
    #expect(!vpcDelete.inputs.contains { $0.name == "guid" }, "the guide omits guid here")
  }
}
