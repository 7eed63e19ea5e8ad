// Data disks: create, attach, format and mount; unmount, detach and delete.
extension Catalog {
  static let diskOperations: [OperationSpec] = [.diskCreateAttach, .diskDetachDelete]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let diskCreateAttach: OperationSpec = .make(
    "disk/create_attach", family: "disk", effect: .create,
    "Create a data disk, attach it to an instance, format it when blank and mount it",
    inputs: [
      .req("seed", "Seed the instance's password was encrypted with"),
      .req("instanceGuid", "CI guid of the instance (decrypts its password)"),
      .req("password", "The instance's password ({cipher_a} or plain)"),
      .req("fileSystemType", "File system for a blank disk: ext3, ext4, xfs").oneOf(["ext3", "ext4", "xfs"]),
      .req("mountDir", "Mount directory"),
      .req("instanceId", "Instance ID"),
      .existing("diskId", "disk"),
      .req("zoneId", "Zone ID of the disk"),
      .opt("diskName", "Disk name"),
      .req("size", "Disk size in GiB"),
      .opt("diskCategory", "Disk category: cloud (default), cloud_efficiency, cloud_ssd, cloud_essd").oneOf([
        "cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto",
      ]),
      .opt("description", "Disk description"),
    ],
    outputs: [.opt("diskId", "Disk ID"), .opt("volumeName", "Device name of the disk, e.g. /dev/vdb")])

  public static let diskDetachDelete: OperationSpec = .make(
    "disk/detach_delete", family: "disk", effect: .delete, "Unmount a data disk, detach it and delete it",
    inputs: [
      .req("seed", "Seed the instance's password was encrypted with"),
      .req("instanceGuid", "CI guid of the instance (decrypts its password)"),
      .req("password", "The instance's password ({cipher_a} or plain)"),
      .req("unmountDir", "Mount directory to unmount"),
      .req("instanceId", "Instance ID"),
      .req("diskId", "Disk ID"),
      .req("volumeName", "Device name of the disk, e.g. /dev/vdb"),
    ])
}
