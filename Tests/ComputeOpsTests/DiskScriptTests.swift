import Testing

@testable import AliCloudOps

@Test func mountScriptQuotesEveryValue() throws {
  let s = try DiskScript.mount(diskId: "d-bp1abc", fileSystem: "EXT4", mountDir: "/data/app_1/")
  #expect(s.contains("DISK_SERIAL='bp1abc'\n"))
  #expect(s.contains("FS_TYPE='ext4'\n"))
  #expect(s.contains("MOUNT_DIR='/data/app_1'\n"))
  #expect(s.hasPrefix("#!/bin/sh\n"))
  // Formats only when nothing is on the disk; the fstab entry names the UUID.
  #expect(s.contains("if [ -z \"$FOUND\" ] && [ \"$PARTS\" -le 1 ]; then"))
  #expect(s.contains("UUID=%s %s %s defaults,nofail 0 2"))
  #expect(!s.contains("mkfs") || s.range(of: "mkfs")!.lowerBound > s.range(of: "FOUND=$(blkid")!.lowerBound)
}

@Test(arguments: [
  "/data; rm -rf /", "/data$(reboot)", "/data`id`", "/da'ta", "/data\nreboot", "/data dir", "data", "/", "/data/../etc",
  "/etc/x", "/usr", "/proc/1", "/data/./x", "/data//x", "/data|x", "/data&x", "/data>x", "/$HOME",
])
func unsafeMountDirsNeverReachAScript(dir: String) {
  #expect(throws: OperationFailure.self) { try DiskScript.mount(diskId: "d-bp1abc", fileSystem: "ext4", mountDir: dir) }
  #expect(throws: OperationFailure.self) {
    try DiskScript.unmount(diskId: "d-bp1abc", volumeName: "/dev/vdb", mountDir: dir)
  }
}

@Test func otherValuesAreValidatedToo() {
  #expect(throws: OperationFailure.self) { try DiskScript.mount(diskId: "d-bp1'x", fileSystem: "ext4", mountDir: "/d") }
  #expect(throws: OperationFailure.self) { try DiskScript.mount(diskId: "vol-1", fileSystem: "ext4", mountDir: "/d") }
  #expect(throws: OperationFailure.self) { try DiskScript.mount(diskId: "d-1", fileSystem: "ntfs", mountDir: "/d") }
  #expect(throws: OperationFailure.self) {
    try DiskScript.unmount(diskId: "d-1", volumeName: "/dev/vdb;reboot", mountDir: "/d")
  }
  #expect(throws: OperationFailure.self) { try DiskScript.unmount(diskId: "d-1", volumeName: "vdb", mountDir: "/d") }
}

@Test func quotingNeutralisesEveryMetacharacter() {
  #expect(ShellQuote.quote("a'b") == "'a'\\''b'")
  #expect(ShellQuote.quote("$(x);`y`") == "'$(x);`y`'")
}

@Test func unmountScriptRemovesOnlyThisDirsEntries() throws {
  let s = try DiskScript.unmount(diskId: "d-bp1abc", volumeName: "/dev/vdb", mountDir: "/data")
  #expect(s.contains("VOLUME='/dev/vdb'\n") && s.contains("MOUNT_DIR='/data'\n"))
  #expect(s.contains("umount -- \"$MOUNT_DIR\""))
  #expect(s.contains("!($2 == d && ($1 == u || $1 == v))"))
}

@Test func reportReadsKeyValueLines() {
  let r = DiskScript.report("volumeName=/dev/vdb\nformatted=no\nnoise\nuuid=abc=def\n")
  #expect(r == ["volumeName": "/dev/vdb", "formatted": "no", "uuid": "abc=def"])
}
