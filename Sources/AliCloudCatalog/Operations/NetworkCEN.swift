// Cloud Enterprise Network instances and their attached networks.
extension Catalog {
  static let cenOperations: [OperationSpec] = [.cenCreate, .cenDelete, .cenAttach, .cenDetach]

  static let cenChildInputs: [FieldSpec] = [
    .req("cenId", "CEN ID"),
    .req("childInstanceId", "ID of the network instance"),
    .opt("childInstanceRegionId", "Region of the network instance; default: the cloudParams region"),
    .opt("childInstanceType", "Network instance type: VPC (default), VBR, CCN").oneOf(["VPC", "VBR", "CCN"]),
    .opt("childInstanceOwnerId", "UID of the account owning the network instance (cross-account)"),
  ]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let cenCreate: OperationSpec = .make(
    "cen/create", family: "cen", effect: .create, "Create a CEN instance and wait until it is active",
    inputs: [
      .existing("cenId", "CEN"),
      .req("name", "CEN name"),
      .opt("description", "CEN description"),
    ],
    outputs: [.opt("cenId", "CEN ID")])

  public static let cenDelete: OperationSpec = .make(
    "cen/delete", family: "cen", effect: .delete, "Detach all networks from a CEN instance and delete it",
    inputs: [.req("cenId", "CEN ID")])

  public static let cenAttach: OperationSpec = .make(
    "cen/attach", family: "cen", "Attach a network instance to a CEN instance",
    inputs: Catalog.cenChildInputs)

  public static let cenDetach: OperationSpec = .make(
    "cen/detach", family: "cen", "Detach a network instance from a CEN instance",
    inputs: Catalog.cenChildInputs + [.opt("cenOwnerId", "UID of the account that owns the CEN instance")])
}
