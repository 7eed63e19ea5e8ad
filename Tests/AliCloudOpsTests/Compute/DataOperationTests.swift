import AliCloudCore
import AliCloudSigning
import TestSupport
import Testing

@testable import AliCloudOps

let rdsInput: [String: JSONValue] = [
  "seed": "seed123", "accountName": "app", "accountPassword": "Abcd1234", "dBInstanceSpec": "2C4G", "engine": "mysql",
  "engineVersion": "8.0", "dBInstanceStorage": "20", "dBInstanceStorageType": "cloud_essd",
  "securityIPList": "[10.0.0.1, 10.0.1.0/24]", "zoneId": "cn-test-a", "vpcId": "vpc-1", "vSwitchId": "vsw-1",
  "securityGroupId": "sg-1",
]

let rdsAnswers: [String: [JSONValue]] = [
  "DescribeAvailableClasses": [
    ["DBInstanceClasses": [["DBInstanceClass": "mysql.n4.medium.1"], ["DBInstanceClass": "mysql.x2.medium.2c"]]]
  ],
  "CreateDBInstance": [["DBInstanceId": "rm-1", "RequestId": "r1"]],
  "DescribeDBInstances": [
    ["Items": ["DBInstance": [["DBInstanceId": "rm-1", "DBInstanceStatus": "Creating"]]]],
    [
      "Items": [
        "DBInstance": [
          [
            "DBInstanceId": "rm-1", "DBInstanceStatus": "Running", "DBInstanceClass": "mysql.x2.medium.2c",
            "Engine": "MySQL",
          ]
        ]
      ]
    ],
  ],
  "DescribeAccounts": [
    ["Accounts": ["DBInstanceAccount": []]],
    ["Accounts": ["DBInstanceAccount": [["AccountName": "app", "AccountStatus": "Available"]]]],
  ],
  "CreateAccount": [["RequestId": "r2"]],
  "ModifySecurityGroupConfiguration": [["RequestId": "r3"]],
  "DescribeDBInstanceNetInfo": [
    [
      "DBInstanceNetInfos": [
        "DBInstanceNetInfo": [
          ["IPType": "Public", "ConnectionString": "pub.example", "Port": "3306"],
          ["IPType": "Private", "ConnectionString": "rm-1.mysql.rds.example", "Port": "3306"],
        ]
      ]
    ]
  ],
]

@Test func rdsCreatePicksTheExactClassAndReturnsEverything() async throws {
  let cloud = ScriptedCloud(rdsAnswers)
  let out = try await cloud.run("rds/db/create", rdsInput)
  #expect(out["errorCode"] == "0", "\(out)")
  #expect(out["dBInstanceId"] == "rm-1" && out["dBInstanceClass"] == "mysql.x2.medium.2c")
  #expect(out["cpu"] == "2" && out["memory"] == "4")
  #expect(out["connectionString"] == "rm-1.mysql.rds.example" && out["port"] == "3306")
  #expect(out["accountName"] == "app" && out["accountPassword"] == "{cipher_a}9b28cb58bd8aca2a1f0cef1ea58f6756")
  let create = try #require(cloud.sent("CreateDBInstance").first)
  #expect(create["Engine"] == "MySQL" && create["SecurityIPList"] == "10.0.0.1,10.0.1.0/24")
  #expect(create["VPCId"] == "vpc-1" && create["InstanceNetworkType"] == "VPC" && create["ClientToken"] != nil)
  #expect(cloud.sent("CreateAccount").first?["AccountPassword"] == "Abcd1234")
  #expect(cloud.sent("ModifySecurityGroupConfiguration").first?["SecurityGroupId"] == "sg-1")
  // The existing instance: the full output, the account not created again.
  let again = ScriptedCloud(
    rdsAnswers.merging([
      "DescribeAccounts": [
        ["Accounts": ["DBInstanceAccount": [["AccountName": "app", "AccountStatus": "Available"]]]]
      ],
      "DescribeDBInstances": [rdsAnswers["DescribeDBInstances"]![1]],
    ]) { _, b in b })
  let out2 = try await again.run("rds/db/create", rdsInput.merging(["dBInstanceId": "rm-1"]) { _, b in b })
  #expect(out2["errorCode"] == "0", "\(out2)")
  #expect(out2["dBInstanceClass"] == "mysql.x2.medium.2c" && out2["cpu"] == "2" && out2["memory"] == "4")
  #expect(out2["accountPassword"] == out["accountPassword"] && out2["port"] == "3306")
  #expect(again.sent("CreateDBInstance").isEmpty && again.sent("CreateAccount").isEmpty)
}

@Test func rdsCreateGeneratesAStrongPasswordAndRefusesBadInput() async throws {
  let cloud = ScriptedCloud(rdsAnswers)
  let out = try await cloud.run("rds/db/create", rdsInput.merging(["accountPassword": ""]) { _, b in b })
  #expect(out["errorCode"] == "0", "\(out)")
  let sent = try #require(cloud.sent("CreateAccount").first?["AccountPassword"])
  #expect(PasswordRules.rds.accepts(sent))
  #expect(
    try PasswordCipher.decrypt(out["accountPassword"]!.stringValue!, guid: "0033_0000000001", seed: "seed123") == sent)
  for (field, value, fragment) in [
    ("engine", "Oracle", "engine"), ("dBInstanceSpec", "2CPU", "dBInstanceSpec"),
    ("securityIPList", "[10.0.0.300]", "securityIPList"),
    ("accountPassword", "weak", "accountPassword"),
  ] {
    let bad = try await ScriptedCloud(rdsAnswers).run(
      "rds/db/create", rdsInput.merging([field: .string(value)]) { _, b in b })
    #expect(bad["errorCode"] == "1" && bad["errorMessage"]?.stringValue?.contains(fragment) == true, "\(bad)")
    let message = bad["errorMessage"]?.stringValue ?? ""
    #expect(!message.contains("weak") || field != "accountPassword")
  }
}

@Test func securityIpsMergeWithoutEmptyLists() async throws {
  let arrays: JSONValue = [
    "Items": [
      "DBInstanceIPArray": [
        ["DBInstanceIPArrayName": "default", "SecurityIPList": "10.0.0.1,10.0.0.2"],
        ["DBInstanceIPArrayName": "app", "SecurityIPList": "192.168.0.1"],
      ]
    ]
  ]
  let answers: [String: [JSONValue]] = [
    "DescribeDBInstanceIPArrayList": [arrays], "ModifySecurityIps": [["RequestId": "m"]],
    "DescribeDBInstances": [["Items": ["DBInstance": [["DBInstanceId": "rm-1", "DBInstanceStatus": "Running"]]]]],
  ]
  var cloud = ScriptedCloud(answers)
  var out = try await cloud.run(
    "rds/security_ip/append", ["dBInstanceId": "rm-1", "securityIps": "[10.0.0.1, 10.0.0.3]"])
  #expect(out["errorCode"] == "0")
  #expect(cloud.sent("ModifySecurityIps").first?["SecurityIps"] == "10.0.0.3")
  #expect(cloud.sent("ModifySecurityIps").first?["ModifyMode"] == "Append")
  #expect(cloud.sent("ModifySecurityIps").first?["DBInstanceIPArrayName"] == "default")
  // Nothing new: no call at all.
  cloud = ScriptedCloud(answers)
  out = try await cloud.run("rds/security_ip/append", ["dBInstanceId": "rm-1", "securityIps": "10.0.0.2"])
  #expect(out["errorCode"] == "0" && cloud.sent("ModifySecurityIps").isEmpty)
  // Delete from the named group; absent addresses are no call; removing all leaves loopback.
  cloud = ScriptedCloud(answers)
  out = try await cloud.run(
    "rds/security_ip/delete",
    ["dBInstanceId": "rm-1", "securityIps": "10.0.0.2,10.9.9.9", "dBInstanceIPArrayName": "default"])
  #expect(cloud.sent("ModifySecurityIps").first?["SecurityIps"] == "10.0.0.2")
  #expect(cloud.sent("ModifySecurityIps").first?["ModifyMode"] == "Delete")
  cloud = ScriptedCloud(answers)
  out = try await cloud.run("rds/security_ip/delete", ["dBInstanceId": "rm-1", "securityIps": "10.9.9.9"])
  #expect(out["errorCode"] == "0" && cloud.sent("ModifySecurityIps").isEmpty)
  cloud = ScriptedCloud(answers)
  out = try await cloud.run(
    "rds/security_ip/delete", ["dBInstanceId": "rm-1", "securityIps": "192.168.0.1", "dBInstanceIPArrayName": "app"])
  #expect(cloud.sent("ModifySecurityIps").first?["SecurityIps"] == "127.0.0.1")
  #expect(cloud.sent("ModifySecurityIps").first?["ModifyMode"] == "Cover")
  out = try await ScriptedCloud(answers).run("rds/security_ip/append", ["dBInstanceId": "rm-1", "securityIps": "[]"])
  #expect(out["errorCode"] == "1" && out["errorMessage"]?.stringValue?.contains("securityIps") == true)
}

@Test func securityIpsModifyCoversAppendsOrDeletesAndWaitsForTheInstance() async throws {
  let arrays: JSONValue = [
    "Items": ["DBInstanceIPArray": [["DBInstanceIPArrayName": "default", "SecurityIPList": "10.0.0.1,10.0.0.2"]]]
  ]
  let answers: [String: [JSONValue]] = [
    "DescribeDBInstanceIPArrayList": [arrays], "ModifySecurityIps": [["RequestId": "m"]],
    "DescribeDBInstances": [
      ["Items": ["DBInstance": [["DBInstanceId": "rm-1", "DBInstanceStatus": "ModifyingSecurityIps"]]]],
      ["Items": ["DBInstance": [["DBInstanceId": "rm-1", "DBInstanceStatus": "Running"]]]],
    ],
  ]
  // Cover (the default) sets the whitelist to exactly the list, then waits for Running.
  var cloud = ScriptedCloud(answers)
  var out = try await cloud.run("rds/security_ip/modify", ["dBInstanceId": "rm-1", "securityIps": "[10.0.0.9]"])
  #expect(out["errorCode"] == "0" && out["requestId"] == "m")
  #expect(cloud.sent("ModifySecurityIps").first?["SecurityIps"] == "10.0.0.9")
  #expect(cloud.sent("ModifySecurityIps").first?["ModifyMode"] == "Cover")
  #expect(cloud.sent("DescribeDBInstances").count == 2)
  // Covering with what is there already makes no change.
  cloud = ScriptedCloud(answers)
  out = try await cloud.run(
    "rds/security_ip/modify", ["dBInstanceId": "rm-1", "securityIps": "10.0.0.2,10.0.0.1", "modifyMode": "cover"])
  #expect(out["errorCode"] == "0" && cloud.sent("ModifySecurityIps").isEmpty)
  // Append and Delete send only the difference.
  cloud = ScriptedCloud(answers)
  out = try await cloud.run(
    "rds/security_ip/modify", ["dBInstanceId": "rm-1", "securityIps": "10.0.0.1,10.0.0.3", "modifyMode": "Append"])
  #expect(cloud.sent("ModifySecurityIps").first?["SecurityIps"] == "10.0.0.3")
  #expect(cloud.sent("ModifySecurityIps").first?["ModifyMode"] == "Append")
  cloud = ScriptedCloud(answers)
  out = try await cloud.run(
    "rds/security_ip/modify", ["dBInstanceId": "rm-1", "securityIps": "10.0.0.1,10.0.0.7", "modifyMode": "Delete"])
  #expect(cloud.sent("ModifySecurityIps").first?["SecurityIps"] == "10.0.0.1")
  #expect(cloud.sent("ModifySecurityIps").first?["ModifyMode"] == "Delete")
  // A mode AliCloud does not have is refused before any call.
  cloud = ScriptedCloud(answers)
  out = try await cloud.run(
    "rds/security_ip/modify", ["dBInstanceId": "rm-1", "securityIps": "10.0.0.1", "modifyMode": "update"])
  #expect(out["errorCode"] == "1" && cloud.queries.isEmpty)
  #expect(out["errorMessage"]?.stringValue?.contains("modifyMode") == true)
}

@Test func redisCreateNeverSendsAnEmptyPassword() async throws {
  let cloud = ScriptedCloud([
    "DescribeAvailableResource": [
      [
        "AvailableZones": [
          "AvailableZone": [
            ["AvailableResources": [["InstanceClass": "redis.master.small.default", "Capacity": 1024]]]
          ]
        ]
      ]
    ],
    "CreateInstance": [["InstanceId": "r-1", "RequestId": "c"]],
    "DescribeInstances": [
      ["Instances": ["KVStoreInstance": [["InstanceId": "r-1", "InstanceStatus": "Creating"]]]],
      [
        "Instances": [
          "KVStoreInstance": [
            [
              "InstanceId": "r-1", "InstanceStatus": "Normal", "Port": 6379, "PrivateIp": "10.0.1.9",
              "ConnectionDomain": "r-1.redis.example",
            ]
          ]
        ]
      ],
    ],
  ])
  let out = try await cloud.run(
    "redis/create",
    ["seed": "seed123", "capacity": "1G", "zoneId": "cn-test-a", "engineVersion": "5.0", "chargeType": "postpaid"])
  #expect(out["errorCode"] == "0", "\(out)")
  #expect(out["instanceId"] == "r-1" && out["port"] == "6379" && out["privateIpAddr"] == "10.0.1.9")
  #expect(out["connectionDomain"] == "r-1.redis.example")
  let create = try #require(cloud.sent("CreateInstance").first)
  let password = try #require(create["Password"])
  #expect(PasswordRules.redis.accepts(password))
  #expect(create["InstanceClass"] == "redis.master.small.default" && create["Capacity"] == "1024")
  #expect(create["Token"] != nil && create["ChargeType"] == "PostPaid")
  #expect(
    try PasswordCipher.decrypt(out["password"]!.stringValue!, guid: "0033_0000000001", seed: "seed123") == password)
}

@Test func backendServersGetAGroupAndAListener() async throws {
  let cloud = ScriptedCloud([
    "DescribeLoadBalancers": [
      ["LoadBalancers": ["LoadBalancer": [["LoadBalancerId": "lb-1", "LoadBalancerStatus": "active"]]]]
    ],
    "DescribeLoadBalancerListeners": [
      ["Listeners": []],
      ["Listeners": [["ListenerPort": 80, "ListenerProtocol": "tcp", "Status": "stopped", "VServerGroupId": "rsp-1"]]],
    ],
    "DescribeVServerGroups": [["VServerGroups": ["VServerGroup": []]]],
    "CreateVServerGroup": [["VServerGroupId": "rsp-1", "RequestId": "v"]],
    "CreateLoadBalancerTCPListener": [["RequestId": "l"]],
    "StartLoadBalancerListener": [["RequestId": "s"]],
  ])
  let out = try await cloud.run(
    "load_balancer/backend_server/add",
    [
      "loadBalancerId": "lb-1", "hostIds": "[i-1,i-2]", "hostPorts": "[80, 8080]", "bandwidth": "-1",
      "listenerPort": "80",
      "listenerProtocol": "tcp",
    ])
  #expect(out["errorCode"] == "0", "\(out)")
  #expect(out["vServerGroupId"] == "rsp-1")
  let servers = try #require(cloud.sent("CreateVServerGroup").first?["BackendServers"])
  #expect(servers.contains("\"ServerId\":\"i-2\"") && servers.contains("\"Port\":\"8080\""))
  #expect(cloud.sent("CreateLoadBalancerTCPListener").first?["VServerGroupId"] == "rsp-1")
  #expect(cloud.sent("StartLoadBalancerListener").count == 1)
  let bad = try await ScriptedCloud([:]).run(
    "load_balancer/backend_server/add",
    [
      "loadBalancerId": "lb-1", "hostIds": "[i-1,i-2]", "hostPorts": "[80]", "bandwidth": "-1", "listenerPort": "80",
      "listenerProtocol": "tcp",
    ])
  #expect(bad["errorCode"] == "1" && bad["errorMessage"]?.stringValue?.contains("hostPorts") == true)
}
