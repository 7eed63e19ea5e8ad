import AliCloudAPI
import AliCloudCore
import Testing

@Suite struct EndpointTests {
  @Test(arguments: [
    (Product.ecs, "ap-southeast-1", "ecs.ap-southeast-1.aliyuncs.com"),
    (.ecs, "cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"),
    (.vpc, "cn-hangzhou", "vpc.aliyuncs.com"), (.vpc, "cn-beijing", "vpc.cn-beijing.aliyuncs.com"),
    (.slb, "ap-southeast-1", "slb.aliyuncs.com"), (.rds, "ap-southeast-1", "rds.aliyuncs.com"),
    (.rkvstore, "cn-beijing", "r-kvstore.cn-beijing.aliyuncs.com"),
    (.rkvstore, "cn-hangzhou", "r-kvstore.aliyuncs.com"),
    (.cbn, "eu-central-1", "cbn.aliyuncs.com"), (.ecs, "xx-new-1", "ecs.xx-new-1.aliyuncs.com"),
  ])
  func officialHosts(_ product: Product, _ region: String, _ host: String) {
    #expect(product.host(region: region) == host)
    #expect(Endpoints().baseURL(product: product, region: region) == "https://" + host)
  }

  @Test func overrides() throws {
    let e = try Endpoints.parse(["http://127.0.0.1:9000/", "ecs=http://127.0.0.1:9001", "Redis=https://h:1"])
    #expect(e.baseURL(product: .vpc, region: "cn-beijing") == "http://127.0.0.1:9000")
    #expect(e.baseURL(product: .ecs, region: "cn-beijing") == "http://127.0.0.1:9001")
    #expect(e.baseURL(product: .rkvstore, region: "cn-beijing") == "https://h:1")
    #expect(Endpoints.hostHeader(baseURL: "http://127.0.0.1:9001") == "127.0.0.1:9001")
    #expect(throws: Endpoints.ParseError.self) { try Endpoints.parse(["foo=http://x"]) }
    #expect(throws: Endpoints.ParseError.self) { try Endpoints.parse(["ftp://x"]) }
    #expect(throws: Endpoints.ParseError.self) { try Endpoints.parse(["ecs=127.0.0.1:9000"]) }
  }

  @Test func apiVersions() {
    #expect(Product.vpc.apiVersion == "2016-04-28")
    #expect(Product(code: "R-KVSTORE") == .rkvstore)
    #expect(Product(code: "cen") == .cbn)
    #expect(Product(code: "nope") == nil)
  }
}

@Suite struct FlatteningTests {
  @Test func repeatListsObjectsAndScalars() {
    let f = ParameterFlattening.flatten(
      [
        "Tag": [["Key": "k1", "Value": "v1"], ["Key": "k2", "Value": "v2"]], "SecurityGroupIds": ["sg-1", "sg-2"],
        "Amount": 2, "DryRun": false, "Price": 1.5, "Skip": nil, "DataDisk": [["Size": 40, "Category": "cloud_essd"]],
      ], product: .ecs, action: "RunInstances")
    #expect(f["Tag.1.Key"] == "k1")
    #expect(f["Tag.2.Value"] == "v2")
    #expect(f["SecurityGroupIds.2"] == "sg-2")
    #expect(f["DataDisk.1.Size"] == "40")
    #expect(f["Amount"] == "2")
    #expect(f["DryRun"] == "false")
    #expect(f["Price"] == "1.5")
    #expect(f["Skip"] == nil)
  }

  @Test func stringParametersTakeJSON() {
    let f = ParameterFlattening.flatten(
      ["InstanceIds": ["i-1", "i-2"]], product: .ecs, action: "DescribeInstances")
    #expect(f["InstanceIds"] == #"["i-1","i-2"]"#)
    let r = ParameterFlattening.flatten(["Parameters": ["a": "b"]], product: .ecs, action: "RunCommand")
    #expect(r["Parameters"] == #"{"a":"b"}"#)
    let unknown = ParameterFlattening.flatten(["Item": ["x"]], product: .ecs, action: "SomethingNew")
    #expect(unknown["Item.1"] == "x")
  }
}
