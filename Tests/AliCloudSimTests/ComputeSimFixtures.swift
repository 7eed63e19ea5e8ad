import AliCloudCore
import AliCloudSim
import Foundation

/// Compute fixtures over signed loopback HTTP: a VPC with a vSwitch and a security group, and
/// instances in it.
struct ComputeWorld {
  let c: SimTestClient
  let region = "cn-hangzhou"
  let zone = "cn-hangzhou-h"
  var vpc = ""
  var vSwitch = ""
  var group = ""

  init(_ c: SimTestClient) throws {
    self.c = c
    vpc = try c.ok("CreateVpc", ["RegionId": region, "CidrBlock": "10.0.0.0/16"])["VpcId"]!.stringValue!
    _ = try settle { try status("DescribeVpcs", ["VpcId": vpc], list: "Vpcs", item: "Vpc") == "Available" }
    vSwitch = try c.ok(
      "CreateVSwitch", ["RegionId": region, "VpcId": vpc, "ZoneId": zone, "CidrBlock": "10.0.1.0/24"])["VSwitchId"]!
      .stringValue!
    _ = try settle {
      try status("DescribeVSwitches", ["VSwitchId": vSwitch], list: "VSwitches", item: "VSwitch") == "Available"
    }
    group = try ecs("CreateSecurityGroup", ["VpcId": vpc, "SecurityGroupName": "web"])["SecurityGroupId"]!.stringValue!
  }

  /// Advances the simulator's clock until `condition` holds (see `ManualClock.settle`).
  func settle(_ condition: () throws -> Bool) rethrows -> Bool { try c.settle(condition) }

  func status(_ action: String, _ p: [String: String], list: String, item: String, product: String = "Vpc") throws
    -> String?
  {
    var params = p
    params["RegionId"] = region
    return try c.ok(action, params, product: product)[list]?[item]?[0]?["Status"]?.stringValue
  }

  @discardableResult
  func ecs(_ action: String, _ p: [String: String] = [:]) throws -> JSONValue {
    var params = p
    if params["RegionId"] == nil
      && ![
        "StartInstance", "StopInstance", "DeleteInstance", "AttachDisk", "DetachDisk",
        "DeleteDisk", "ModifyInstanceAttribute", "DescribeInstanceAttribute",
      ].contains(action)
    {
      params["RegionId"] = region
    }
    return try c.ok(action, params, product: "Ecs")
  }

  func ecsCall(_ action: String, _ p: [String: String] = [:]) throws -> SimTestClient.Reply {
    try c.call(action, p, product: "Ecs")
  }

  func instanceStatus(_ id: String) throws -> String? {
    try ecs("DescribeInstances", ["InstanceIds": "[\"\(id)\"]"])["Instances"]?["Instance"]?[0]?["Status"]?.stringValue
  }

  func diskStatus(_ id: String) throws -> String? {
    try ecs("DescribeDisks", ["DiskIds": "[\"\(id)\"]"])["Disks"]?["Disk"]?[0]?["Status"]?.stringValue
  }

  /// CreateInstance, then StartInstance once it is Stopped; returns the Running instance's id.
  func runningInstance(type: String = "ecs.t5-lc1m2.small") throws -> String {
    let id = try ecs(
      "CreateInstance",
      [
        "InstanceType": type, "ImageId": "aliyun_3_x64_20G_alibase_20240819.vhd", "VSwitchId": vSwitch,
        "SecurityGroupId": group, "Password": "Abcd1234!x",
      ])["InstanceId"]!.stringValue!
    _ = try settle { try instanceStatus(id) == "Stopped" }
    try ecs("StartInstance", ["InstanceId": id])
    _ = try settle { try instanceStatus(id) == "Running" }
    return id
  }

  func availableDisk(size: Int = 20) throws -> String {
    let id = try ecs("CreateDisk", ["ZoneId": zone, "Size": "\(size)", "DiskCategory": "cloud_essd"])["DiskId"]!
      .stringValue!
    _ = try settle { try diskStatus(id) == "Available" }
    return id
  }

  /// Runs a script through RunCommand and waits for its result: (status, exit code, output).
  func run(_ script: String, on instance: String, base64: Bool = true) throws -> (String, Int, String) {
    let content = base64 ? Data(script.utf8).base64EncodedString() : script
    let invoke = try ecs(
      "RunCommand",
      [
        "Type": "RunShellScript", "CommandContent": content, "ContentEncoding": base64 ? "Base64" : "PlainText",
        "InstanceId.1": instance, "Timeout": "60",
      ])["InvokeId"]!.stringValue!
    var last: JSONValue?
    _ = try settle {
      last = try ecs("DescribeInvocationResults", ["InvokeId": invoke])["Invocation"]?["InvocationResults"]?[
        "InvocationResult"]?[0]
      return last?["InvokeRecordStatus"] == "Finished"
    }
    let output = Data(base64Encoded: last?["Output"]?.stringValue ?? "").map { String(decoding: $0, as: UTF8.self) }
    return (last?["InvocationStatus"]?.stringValue ?? "", last?["ExitCode"]?.intValue ?? -1, output ?? "")
  }
}

/// The disk scripts of the Cloud Assistant protocol, as the disk operations send them.
enum DiskScripts {
  static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  static let probe = "set -e\nlsblk -pnr -o NAME,TYPE,SERIAL,FSTYPE,MOUNTPOINT\n"

  static func formatAndMount(serial: String, fs: String, dir: String) -> String {
    let dev = "/dev/disk/by-id/virtio-\(serial)"
    let mkfs = fs == "xfs" ? "mkfs.xfs -f -n ftype=1" : "mkfs.\(fs) -F"
    let line = "\(dev) \(dir) \(fs) defaults,nofail 0 2"
    return """
      set -e
      test -b \(quote(dev))
      blkid -o value -s TYPE \(quote(dev)) >/dev/null || \(mkfs) \(quote(dev))
      mkdir -p \(quote(dir))
      mountpoint -q \(quote(dir)) || mount \(quote(dev)) \(quote(dir))
      grep -qF \(quote(dev + " ")) /etc/fstab || echo \(quote(line)) >> /etc/fstab
      readlink -f \(quote(dev))

      """
  }

  static func unmount(serial: String, dir: String) -> String {
    let dev = "/dev/disk/by-id/virtio-\(serial)"
    return """
      set -e
      mountpoint -q \(quote(dir)) && umount \(quote(dir))
      grep -vF \(quote(dev + " ")) /etc/fstab > /etc/fstab.alicloudd || true
      mv /etc/fstab.alicloudd /etc/fstab

      """
  }
}
