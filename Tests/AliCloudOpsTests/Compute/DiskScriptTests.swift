import Testing

@testable import AliCloudOps

@Test func scriptsAreStraightLinesOfQuotedLiterals() throws {
  let m = try DiskScript.mount(
    device: "/dev/vdb", mountDir: "/data/app_1/", uuid: "0b1c-22", fileSystem: "EXT4", mounted: false)
  #expect(
    m.hasSuffix(
      "set -e\nmkdir -p '/data/app_1'\nmount '/dev/vdb' '/data/app_1'\n"
        + "grep -qxF 'UUID=0b1c-22 /data/app_1 ext4 defaults,nofail 0 2' /etc/fstab"
        + " || echo 'UUID=0b1c-22 /data/app_1 ext4 defaults,nofail 0 2' >> /etc/fstab\n"))
  let f = try DiskScript.format(device: "/dev/vdc", fileSystem: "xfs")
  #expect(f.contains("mkfs.xfs -q '/dev/vdc'\n"))
  #expect(!f.contains(" -f ") && !f.contains(" -F "))
  for script in [m, f, DiskScript.probe] {
    #expect(!script.contains("$") && !script.contains("`") && !script.contains("|&"))
  }
  let mounted = try DiskScript.mount(
    device: "/dev/vdb", mountDir: "/d", uuid: "ab-12", fileSystem: "xfs", mounted: true)
  #expect(!mounted.contains("\nmount "))
}

@Test(arguments: [
  "/data; rm -rf /", "/data$(reboot)", "/data`id`", "/da'ta", "/data\nreboot", "/data dir", "data", "/", "/data/../etc",
  "/etc/x", "/usr", "/proc/1", "/data/./x", "/data//x", "/data|x", "/data&x", "/data>x", "/$HOME",
])
func unsafeMountDirsNeverReachAScript(dir: String) {
  #expect(throws: OperationFailure.self) {
    try DiskScript.mount(device: "/dev/vdb", mountDir: dir, uuid: "ab-12", fileSystem: "ext4", mounted: false)
  }
  #expect(throws: OperationFailure.self) { try DiskScript.unmount(mountDir: dir, mounted: true, fstabLines: []) }
}

@Test func otherValuesAreValidatedToo() throws {
  #expect(throws: OperationFailure.self) { try DiskScript.serial(diskId: "d-bp1'x") }
  #expect(throws: OperationFailure.self) { try DiskScript.serial(diskId: "vol-1") }
  #expect(throws: OperationFailure.self) { try DiskScript.format(device: "/dev/vdb", fileSystem: "ntfs") }
  #expect(throws: OperationFailure.self) { try DiskScript.format(device: "/dev/vdb;reboot", fileSystem: "ext4") }
  #expect(throws: OperationFailure.self) { try DiskScript.format(device: "vdb", fileSystem: "ext4") }
  #expect(throws: OperationFailure.self) {
    try DiskScript.mount(device: "/dev/vdb", mountDir: "/d", uuid: "x'; reboot", fileSystem: "ext4", mounted: false)
  }
  #expect(try DiskScript.serial(diskId: "d-bp1abcdefghijklmnopqrstu") == "bp1abcdefghijklmnopq")
}

@Test func quotingNeutralisesEveryMetacharacter() {
  #expect(ShellQuote.quote("a'b") == "'a'\\''b'")
  #expect(ShellQuote.quote("$(x);`y`") == "'$(x);`y`'")
}

@Test func unmountRemovesExactlyTheGivenLines() throws {
  let s = try DiskScript.unmount(
    mountDir: "/data", mounted: true, fstabLines: ["UUID=ab /data ext4 defaults,nofail 0 2"])
  #expect(s.contains("umount '/data'\n"))
  #expect(s.contains("grep -vxF 'UUID=ab /data ext4 defaults,nofail 0 2' /etc/fstab > /etc/fstab.alicloudd || true\n"))
  #expect(s.contains("mv /etc/fstab.alicloudd /etc/fstab\n"))
}

@Test func probeOutputIsParsed() {
  let out = """
    --lsblk--
    NAME="/dev/vda" SERIAL="" TYPE="disk" FSTYPE="" MOUNTPOINT="" UUID=""
    NAME="/dev/vda1" SERIAL="" TYPE="part" FSTYPE="ext4" MOUNTPOINT="/" UUID="1111"
    NAME="/dev/vdb" SERIAL="bp1aaa" TYPE="disk" FSTYPE="" MOUNTPOINT="" UUID=""
    NAME="/dev/vdc" SERIAL="bp1ccc" TYPE="disk" FSTYPE="xfs" MOUNTPOINT="/data" UUID="cc-33"
    --blkid--
    /dev/vda1: UUID="1111" TYPE="ext4"
    /dev/vdc: UUID="cc-33" TYPE="xfs"
    --fstab--
    UUID=1111 / ext4 defaults 1 1
    UUID=cc-33 /data xfs defaults,nofail 0 2
    /dev/vdc        /data        xfs        defaults 0 2

    """
  let p = DiskProbe.parse(out)
  #expect(
    p.disk(serial: "bp1aaa") == .init(device: "/dev/vdb", fileSystem: nil, uuid: nil, mountPoint: nil, partitions: []))
  #expect(p.disk(serial: "bp1ccc")?.fileSystem == "xfs" && p.disk(serial: "bp1ccc")?.mountPoint == "/data")
  #expect(p.disk(serial: "nope") == nil)
  #expect(p.device(mountedOn: "/data") == "/dev/vdc")
  #expect(p.disk(serial: "")?.device == nil)
  #expect(p.fstabLines(dir: "/data", sources: ["UUID=cc-33", "/dev/vdc"]).count == 2)
  #expect(p.fstabLines(dir: "/", sources: ["UUID=cc-33"]).isEmpty)
}
