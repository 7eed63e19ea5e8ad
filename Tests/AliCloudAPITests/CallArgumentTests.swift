import AliCloudAPI
import AliCloudCore
import Testing

/// What a call checks before it sends anything.
@Suite struct CallArgumentTests {
  func outcome(action: String, region: String = "cn-hangzhou") async -> (sent: Int, error: AliCloudError?) {
    let t = FakeTransport([.json(200, ["RequestId": "R"])])
    do {
      _ = try await Fixtures.client(t).call(
        product: .vpc, action: action, region: region, credential: Fixtures.credential)
      return (t.requests.count, nil)
    } catch {
      return (t.requests.count, error)
    }
  }

  @Test(arguments: ["DescribeVpcs", "CreateVpc2"])
  func actionsOfLettersAndDigitsAreSent(_ action: String) async {
    let r = await outcome(action: action)
    #expect(r.error == nil && r.sent == 1)
  }

  @Test(arguments: ["", "Describe Vpcs", "Describe-Vpcs", "DescribeVpcs&X=1", "Describé", "ＤescribeVpcs"])
  func otherActionNamesAreRefusedUnsent(_ action: String) async {
    let r = await outcome(action: action)
    #expect(r.sent == 0)
    #expect(r.error?.kind == .invalidRequest)
    #expect(r.error?.message.contains("is not an action name") == true)
  }

  @Test func aRegionOutsideTheSyntaxIsRefusedUnsent() async {
    let r = await outcome(action: "DescribeVpcs", region: "cn hangzhou")
    #expect(r.sent == 0 && r.error?.kind == .invalidRequest)
  }
}
