import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: action and parameter validation")
struct SimValidationTests {
  @Test func unknownActionAndVersion() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let r = try c.call("CreateTeleporter", ["RegionId": "cn-hangzhou"])
      #expect(r.status == 404)
      #expect(r.code == "InvalidAction.NotFound")
      let v = try c.call("CreateVpc", ["RegionId": "cn-hangzhou"], version: "2099-01-01")
      #expect(v.code == "InvalidVersion")
    }
  }

  @Test func missingRequiredParameter() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim, signing: .v1)
      let r = try c.call(
        "CreateVSwitch", ["RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-h", "CidrBlock": "10.0.1.0/24"])
      #expect(r.status == 400)
      #expect(r.code == "MissingVpcId")
      #expect(
        r.body["Message"]
          == "The input parameter \"VpcId\" that is mandatory for processing this request is not supplied.")
      #expect(try c.call("DescribeVpcs", [:]).code == "MissingRegionId")
    }
  }

  @Test func unknownAndMalformedParameters() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let r = try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou", "Colour": "blue"])
      #expect(r.code == "InvalidParameter")
      #expect(r.body["Message"]?.stringValue?.contains("Colour") == true)
      #expect(try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou", "PageSize": "ten"]).code == "InvalidParameter")
      #expect(try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou", "PageSize": "500"]).code == "InvalidParameter")
      // Flattened list and object members are recognised.
      let tagged = try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou", "Tag.1.Key": "k", "Tag.1.Value": "v"])
      #expect(tagged.status == 200)
      #expect(try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou", "Tag.1.Colour": "k"]).code == "InvalidParameter")
      #expect(try c.call("DescribeVpcs", ["RegionId": "mars-north-1"]).code == "InvalidRegionId.NotFound")
    }
  }

  @Test func everyRegisteredActionIsInTheTableAndResponsesUseKnownFields() throws {
    // The generated table covers the network actions this project calls.
    for a in [
      "CreateVpc", "DeleteVpc", "DescribeVpcs", "CreateVSwitch", "CreateRouteTable", "AssociateRouteTable",
      "CreateRouteEntry", "DescribeRouteEntryList", "CreateNatGateway", "CreateSnatEntry", "ModifySnatEntry",
      "AllocateEipAddress", "ReleaseEipAddress",
    ] {
      #expect(SimActionCatalog.spec(version: "2016-04-28", action: a) != nil, "\(a)")
    }
    #expect(SimActionCatalog.spec(version: "2017-09-12", action: "AttachCenChildInstance") != nil)
    #expect(SimActionCatalog.spec(version: "2015-01-01", action: "CreateInstance")?.tokenParam == "Token")
    #expect(SimActionCatalog.spec(version: "2014-05-26", action: "CreateInstance")?.tokenParam == "ClientToken")
    let vpc = SimActionCatalog.spec(version: "2016-04-28", action: "CreateVpc")!
    #expect(vpc.param("RegionId")?.required == true)
    #expect(vpc.param("Tag")?.fields == ["Key", "Value"])
  }
}
