import AliCloudCatalog
import AliCloudCore
import Testing

@testable import alicloudctl

@Suite struct ArgumentTests {
  static func command(_ args: [String], env: [String: String] = [:]) throws -> Command {
    try Command.parse(try Invocation.parse(args), environment: env)
  }

  static func params(_ args: [String], env: [String: String] = [:]) throws -> JSONValue? {
    guard case .call(_, let params) = try command(args, env: env) else { return nil }
    return params
  }

  @Test func globalOptionsAnywhereAndFlagValuesAreNeverOptions() throws {
    let inv = try Invocation.parse([
      "--socket", "/tmp/s", "load_balancer", "create", "--bandWidth", "-1", "--json=compact", "--description",
      "--timeout", "--timeout", "2.5", "--no-progress", "--region", "cn-x",
    ])
    #expect(inv.words == ["load_balancer", "create"])
    #expect(inv.options.socket == "/tmp/s")
    #expect(inv.options.json == .compact)
    #expect(inv.options.timeout == 2.5)
    #expect(inv.options.progress == false)
    #expect(inv.options.region == "cn-x")
    #expect(inv.flags == [.init(name: "bandWidth", value: "-1"), .init(name: "description", value: "--timeout")])
  }

  @Test(arguments: [
    (["--json", "fancy", "ping"], "--json must be 'pretty' or 'compact'"),
    (["--timeout", "0", "ping"], "--timeout must be a positive number"),
    (["--timeout", "x", "ping"], "--timeout must be a positive number"),
    (["ping", "--socket"], "--socket needs a value"),
    (["-x", "ping"], "unknown option '-x'"),
    (["--help=yes"], "--help takes no value"),
    (["vpc", "create", "--vpcName"], "--vpcName needs a value"),
  ])
  func badOptions(args: [String], message: String) {
    #expect {
      _ = try Self.command(args)
    } throws: { error in
      (error as? UsageError)?.message.contains(message) == true
    }
  }

  @Test func typedSubcommandBuildsOneInput() throws {
    let params = try Self.params(
      ["vpc", "create", "--cidrBlock", "10.0.0.0/16", "--vpcName", "demo"],
      env: [
        "ALICLOUD_CLOUD_PARAMS": "regionId=cn-hangzhou", "ALICLOUD_IDENTITY_PARAMS": "accessKeyId=a;secret=b",
      ])
    #expect(
      params == [
        "inputs": [
          [
            "cidrBlock": "10.0.0.0/16", "vpcName": "demo", "cloudParams": "regionId=cn-hangzhou",
            "identityParams": "accessKeyId=a;secret=b",
          ]
        ]
      ])
  }

  @Test func methodNameComesFromTheWords() throws {
    #expect(
      try Self.command(["vpc", "nat", "snat_entry", "modify", "append", "--natId", "n"])
        == .call(method: "vpc/nat/snat_entry/modify/append", params: ["inputs": [["natId": "n"]]]))
    guard case .call(let method, _) = try Self.command(["vpc", "eip", "un-associate"]) else {
      Issue.record("not a call")
      return
    }
    #expect(method == "vpc/eip/un-associate")
  }

  @Test func repeatedFieldsAndNextBuildABatch() throws {
    let params = try Self.params(
      [
        "--region", "r1", "vpc", "create", "--vpcName", "a", "--cidrBlock", "10.0.0.0/16", "--vpcName", "b",
        "--cidrBlock", "10.1.0.0/16", "--next", "--vpcName", "c", "--next", "--guid", "g4",
      ], env: ["ALICLOUD_CLOUD_PARAMS": "regionId=ignored"])
    let inputs = try #require(params?["inputs"]?.arrayValue)
    #expect(inputs.count == 4)
    #expect(inputs.map { $0["vpcName"] } == ["a", "b", "c", nil])
    #expect(inputs[1]["cidrBlock"] == "10.1.0.0/16")
    #expect(inputs[2]["cidrBlock"] == nil)
    #expect(inputs[3]["guid"] == "g4")
    #expect(inputs.allSatisfy { $0["cloudParams"] == "regionId=r1" }, "--region wins over the environment")
    #expect(inputs.allSatisfy { $0["identityParams"] == nil }, "no identity: the daemon's default applies")
  }

  @Test func sharedAndPerInputCloudParams() throws {
    let params = try Self.params([
      "vswitch", "delete", "--cloudParams", "regionId=shared", "--identityParams", "accessKeyId=k;secret=s",
      "--vSwitchId", "vsw-1", "--vSwitchId", "vsw-2", "--cloudParams", "regionId=own",
    ])
    let inputs = try #require(params?["inputs"]?.arrayValue)
    #expect(inputs.count == 2)
    #expect(inputs[0]["cloudParams"] == "regionId=shared")
    #expect(inputs[1]["cloudParams"] == "regionId=own")
    #expect(inputs.allSatisfy { $0["identityParams"] == "accessKeyId=k;secret=s" })
  }

  @Test func inputJSONAddsWholeInputs() throws {
    let params = try Self.params([
      "--region", "r", "vm", "start", "--instanceId", "i-1", "--input", #"{"instanceId":"i-2","guid":7}"#,
      "--instanceId", "i-3",
    ])
    let inputs = try #require(params?["inputs"]?.arrayValue)
    #expect(inputs.map { $0["instanceId"] } == ["i-1", "i-2", "i-3"])
    #expect(inputs[1]["guid"] == 7)
    #expect(inputs.allSatisfy { $0["cloudParams"] == "regionId=r" })
  }

  @Test func aliasesAreFlagsAndRepeatAcrossNames() throws {
    let params = try Self.params([
      "security_group", "revoke", "--policyType", "ingress", "--actionType", "egress",
    ])
    let inputs = try #require(params?["inputs"]?.arrayValue)
    #expect(inputs.count == 2, "actionType and its alias are the same field")
    #expect(inputs[0]["policyType"] == "ingress" && inputs[1]["actionType"] == "egress")
  }

  @Test func noFieldsStillSendsOneInput() throws {
    #expect(try Self.params(["vm", "stop"]) == ["inputs": [[:]]])
  }

  @Test(arguments: [
    (["vpc", "create", "--vpcNam", "x"], "'--vpcName'"),
    (["vpc", "creat"], "'vpc create'"),
    (["vpcc", "create"], "'vpc create'"),
    (["lsit"], "'list'"),
    (["describe", "vpc/delet"], "'vpc/delete'"),
    (["help", "vm", "stat"], "'vm start'"),
    (["ping", "--verbose"], "unknown option '--verbose'"),
    (["vpc"], "needs an action"),
    (["list", "extra"], "unexpected argument 'extra'"),
    ([], "no command given"),
  ])
  func usageErrorsSuggest(args: [String], fragment: String) {
    #expect {
      _ = try Self.command(args)
    } throws: { error in
      (error as? UsageError)?.message.contains(fragment) == true
    }
  }

  @Test func callTakesJSONOrStdin() throws {
    #expect(try Self.command(["call", "/alicloud/v1/vpc/create"]) == .call(method: "vpc/create", params: nil))
    #expect(try Self.command(["call", "daemon.ping", "-"]) == .call(method: "daemon.ping", params: nil))
    #expect(
      try Self.command(["call", "vpc/delete", #"{"inputs":[]}"#])
        == .call(method: "vpc/delete", params: ["inputs": []]))
    #expect(throws: UsageError.self) { try Self.command(["call", "vpc/delete", "{nope"]) }
    #expect(try Self.command(["call", "no/such"]) == .call(method: "no/such", params: nil), "the daemon decides")
  }
}
