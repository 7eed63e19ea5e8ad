import AliCloudCore
import AliCloudSigning
import Testing

@testable import TestSupport

@Suite(.serialized) struct DiskFlowTests {
  func diskInput(_ instance: JSONValue, _ vmPassword: JSONValue, _ extra: [String: JSONValue] = [:])
    -> [String: JSONValue]
  {
    [
      "instanceId": instance, "instanceGuid": "g", "seed": .string(cipherSeed), "password": vmPassword,
      "fileSystemType": "ext4", "mountDir": "/data", "zoneId": .string(CloudFixture.zone), "size": "40",
      "diskName": "data", "diskCategory": "cloud_efficiency",
    ].merging(extra) { _, b in b }
  }

  @Test func createAttachFormatsMountsAndDetachDeleteUndoes() async throws {
    let f = try CloudFixture()
    let (vpc, vsw) = try await f.network()
    let group = try await f.securityGroup(vpc)
    let vm = try await f.vm(vsw, group)
    let instance = vm["instanceId"]!
    let out = try await f.one("disk/create_attach", diskInput(instance, vm["password"]!))
    expectOK(out, ["diskId", "volumeName", "requestId"])
    #expect(out["volumeName"] == "/dev/vdb")
    let disk = out["diskId"]!.stringValue!
    #expect(f.sim.simulator.resource(disk)?.string("Status") == "In_use")
    #expect(f.sim.simulator.resource(disk)?.string("SimFsType") == "ext4")
    let fstab = f.sim.simulator.resource(instance.stringValue!)?["SimFiles"]?["/etc/fstab"]?.stringValue ?? ""
    let uuid = f.sim.simulator.resource(disk)?.string("SimFsUUID") ?? "?"
    #expect(fstab.contains("UUID=\(uuid) /data ext4 defaults,nofail 0 2"))
    // Again with the disk id: the full output, nothing formatted or added twice.
    let again = try await f.one("disk/create_attach", diskInput(instance, vm["password"]!, ["diskId": .string(disk)]))
    expectOK(again, ["diskId", "volumeName"])
    #expect(again["volumeName"] == "/dev/vdb")
    let fstab2 = f.sim.simulator.resource(instance.stringValue!)?["SimFiles"]?["/etc/fstab"]?.stringValue ?? ""
    #expect(fstab2 == fstab)
    #expect(f.sim.simulator.resources(kind: "disk").filter { $0.string("Type") == "data" }.count == 1)

    let detach: [String: JSONValue] = [
      "diskId": .string(disk), "instanceId": instance, "instanceGuid": "g", "seed": .string(cipherSeed),
      "password": vm["password"]!, "unmountDir": "/data", "volumeName": "/dev/vdb",
    ]
    expectOK(try await f.one("disk/detach_delete", detach))
    #expect(f.sim.simulator.resource(disk) == nil)
    let fstab3 = f.sim.simulator.resource(instance.stringValue!)?["SimFiles"]?["/etc/fstab"]?.stringValue ?? ""
    #expect(!fstab3.contains("/data"))
    expectOK(try await f.one("disk/detach_delete", detach))
    expectFailure(
      try await f.one("disk/detach_delete", detach.merging(["unmountDir": ""]) { _, b in b }), ["unmountDir"])
    await f.stop()
  }

  @Test func aDiskWithAFileSystemIsMountedNotFormatted() async throws {
    let f = try CloudFixture()
    let (vpc, vsw) = try await f.network()
    let group = try await f.securityGroup(vpc)
    let vm = try await f.vm(vsw, group)
    let instance = vm["instanceId"]!
    let first = try await f.one("disk/create_attach", diskInput(instance, vm["password"]!, ["fileSystemType": "xfs"]))
    let disk = first["diskId"]!.stringValue!
    let uuid = f.sim.simulator.resource(disk)?.string("SimFsUUID")
    // Put a file on it, detach it without deleting, then attach it again asking for ext4.
    for (what, script) in [("the file written", "echo keep > /data/precious"), ("/data unmounted", "umount /data")] {
      let run = try await f.cloud(
        .ecs, "RunCommand", ["Type": "RunShellScript", "CommandContent": .string(script), "InstanceId": [instance]])
      let invocation = try #require(run["InvokeId"]?.stringValue)
      try await eventually(what) { f.sim.simulator.resource(invocation)?.status == "Success" }
    }
    _ = try await f.cloud(.ecs, "DetachDisk", ["DiskId": .string(disk), "InstanceId": instance])
    try await eventually("\(disk) Available") { f.sim.simulator.resource(disk)?.string("Status") == "Available" }
    let again = try await f.one(
      "disk/create_attach", diskInput(instance, vm["password"]!, ["diskId": .string(disk), "mountDir": "/srv/old"]))
    expectOK(again, ["diskId", "volumeName"])
    #expect(f.sim.simulator.resource(disk)?.string("SimFsType") == "xfs")
    #expect(f.sim.simulator.resource(disk)?.string("SimFsUUID") == uuid)
    #expect(f.sim.simulator.resource(disk)?["SimFiles"]?["/precious"] == "keep\n")
    await f.stop()
  }

  @Test func metacharactersInMountDirNeverReachTheInstance() async throws {
    let f = try CloudFixture()
    let (vpc, vsw) = try await f.network()
    let group = try await f.securityGroup(vpc)
    let vm = try await f.vm(vsw, group)
    let before = f.sim.simulator.requests().count
    for dir in ["/data; reboot", "/data$(id)", "/da'ta", "/data`x`", "/etc", "rel/dir"] {
      let out = try await f.one(
        "disk/create_attach", diskInput(vm["instanceId"]!, vm["password"]!, ["mountDir": .string(dir)]))
      expectFailure(out, ["mountDir"])
    }
    // Nothing was created or run: the values were refused before any cloud call.
    #expect(f.sim.simulator.requests(since: before).isEmpty)
    let wrong = try await f.one(
      "disk/create_attach", diskInput(vm["instanceId"]!, "{cipher_a}00112233445566778899aabbccddeeff"))
    expectFailure(wrong, ["password", "instanceGuid"])
    let message = wrong["errorMessage"]?.stringValue ?? ""
    #expect(!message.contains("00112233"))
    await f.stop()
  }
}
