import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: Cloud Assistant and the guest disk model")
struct SimCloudAssistantTests {
  @Test func formatOnlyWhenEmptyMountFstabAndDataSurvivesReattach() async throws {
    try await offPool {
      let sim = try startSim(delayMs: 20)
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let vm = try w.runningInstance()
      let disk = try w.availableDisk()
      let serial = String(disk.dropFirst(2))
      try w.ecs("AttachDisk", ["DiskId": disk, "InstanceId": vm])
      _ = try sim.settle { try w.diskStatus(disk) == "In_use" }

      let probe = try w.run(DiskScripts.probe, on: vm)
      #expect(probe.0 == "Success" && probe.1 == 0)
      #expect(probe.2.contains("/dev/vda1 part  ext4 /\n"))
      #expect(probe.2.contains("/dev/vdb disk \(serial)  \n"))  // no file system yet

      let first = try w.run(DiskScripts.formatAndMount(serial: serial, fs: "ext4", dir: "/data"), on: vm)
      #expect(first.1 == 0)
      #expect(first.2.contains("Creating ext4 filesystem on /dev/vdb"))
      #expect(first.2.hasSuffix("/dev/vdb\n"))
      let fstab = try w.run("cat /etc/fstab", on: vm, base64: false).2
      #expect(fstab.contains("/dev/disk/by-id/virtio-\(serial) /data ext4 defaults,nofail 0 2\n"))
      #expect(try w.run(DiskScripts.probe, on: vm).2.contains("/dev/vdb disk \(serial) ext4 /data\n"))
      #expect(try w.run("set -e\necho 'keep me' > /data/marker", on: vm).1 == 0)

      // Running the same script again neither formats nor duplicates the fstab line.
      let again = try w.run(DiskScripts.formatAndMount(serial: serial, fs: "ext4", dir: "/data"), on: vm)
      #expect(again.1 == 0 && !again.2.contains("Creating"), "\(again)")
      #expect(try w.run("grep -c virtio /etc/fstab", on: vm).2 == "1\n")

      // Unmount, detach, attach again: the file system and its data are still there.
      #expect(try w.run(DiskScripts.unmount(serial: serial, dir: "/data"), on: vm).1 == 0)
      #expect(try w.run("grep -q virtio /etc/fstab", on: vm).1 == 1)
      try w.ecs("DetachDisk", ["DiskId": disk, "InstanceId": vm])
      _ = try sim.settle { try w.diskStatus(disk) == "Available" }
      try w.ecs("AttachDisk", ["DiskId": disk, "InstanceId": vm])
      _ = try sim.settle { try w.diskStatus(disk) == "In_use" }
      let remount = try w.run(DiskScripts.formatAndMount(serial: serial, fs: "ext4", dir: "/data"), on: vm)
      #expect(remount.1 == 0 && !remount.2.contains("Creating"), "\(remount)")
      #expect(try w.run("cat /data/marker", on: vm).2 == "keep me\n")

      // A formatted disk is refused by mkfs without force, and by mkfs while mounted.
      let refused = try w.run("mkfs.ext4 /dev/vdb", on: vm)
      #expect(refused.0 == "Failed" && refused.1 == 1)
      #expect(try w.run("cat /data/marker", on: vm).2 == "keep me\n")
    }
  }

  @Test func mountsFollowFstabAcrossRebootAndScriptsFailVisibly() async throws {
    try await offPool {
      let sim = try startSim(delayMs: 20)
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let vm = try w.runningInstance()
      let disk = try w.availableDisk()
      try w.ecs("AttachDisk", ["DiskId": disk, "InstanceId": vm])
      _ = try sim.settle { try w.diskStatus(disk) == "In_use" }
      let serial = String(disk.dropFirst(2))
      #expect(try w.run(DiskScripts.formatAndMount(serial: serial, fs: "xfs", dir: "/srv/app"), on: vm).1 == 0)
      try w.ecs("StopInstance", ["InstanceId": vm])
      _ = try sim.settle { try w.instanceStatus(vm) == "Stopped" }
      // Not running: the invocation is aborted.
      let aborted = try w.run("true", on: vm)
      #expect(aborted.0 == "Aborted")
      try w.ecs("StartInstance", ["InstanceId": vm])
      _ = try sim.settle { try w.instanceStatus(vm) == "Running" }
      #expect(try w.run("mountpoint -q /srv/app", on: vm).1 == 0)
      // Unsupported syntax and unknown commands fail with a visible reason.
      let pipe = try w.run("lsblk | grep vdb", on: vm)
      #expect(pipe.1 == 2 && pipe.2.contains("pipes are not supported"))
      let unknown = try w.run("set -e\nfdisk -l\necho never", on: vm)
      #expect(unknown.1 == 127 && !unknown.2.contains("never"))
      // Mount needs a file system and an existing directory.
      #expect(try w.run("mount /dev/vdb /nowhere", on: vm).1 == 32)
      let bad = try w.ecsCall(
        "RunCommand",
        [
          "RegionId": w.region, "Type": "RunShellScript", "CommandContent": "%%%", "ContentEncoding": "Base64",
          "InstanceId.1": vm,
        ])
      #expect(bad.code == "InvalidCommandContent.Malformed")
      #expect(
        try w.ecsCall(
          "RunCommand",
          [
            "RegionId": w.region, "Type": "RunShellScript", "CommandContent": "true",
            "InstanceId.1": "i-missing",
          ]
        ).status == 404)
      // Deleting the instance removes its invocation records.
      try w.ecs("StopInstance", ["InstanceId": vm])
      _ = try sim.settle { try w.instanceStatus(vm) == "Stopped" }
      try w.ecs("DeleteInstance", ["InstanceId": vm])
      #expect(sim.settle { sim.simulator.resources(kind: "invocation").isEmpty })
      #expect(sim.simulator.resource(disk)?.status == "Available")
    }
  }
}
