/// The RDS class table (cores and memory of each class), used when the available classes do not
/// say their size. Within one size the classes are listed in order of preference.
enum RDSClassTable {
  static let mysql: [(String, [String])] = [
    ("1C1G", ["mysql.n1.micro.1", "rds.mysql.t1.small"]),
    ("1C2G", ["mysql.n2.small.1", "mysql.n2.small.2c", "rds.mysql.s1.small", "mysql.n2.small.25"]),
    (
      "2C4G",
      ["mysql.n2.medium.1", "mysql.n2.medium.2c", "mysql.x2.medium.2c", "rds.mysql.s2.large", "mysql.n2.medium.25"]
    ),
    ("2C8G", ["mysql.n4.medium.1", "mysql.x4.medium.2c", "rds.mysql.s2.xlarge", "mysql.n4.medium.25"]),
    ("2C16G", ["mysql.x8.medium.2c", "mysql.x8.medium.2", "mysql.x8.medium.25"]),
    ("4C8G", ["mysql.n2.large.1", "mysql.x2.large.2c", "rds.mysql.s3.large", "mysql.n2.large.25"]),
    (
      "4C16G",
      [
        "mysql.n4.large.1", "mysql.x4.large.2c", "rds.mysql.m1.medium", "mysql.x4.large.2", "mysql.n4.large.25",
        "mysql.x4.large.25",
      ]
    ),
    ("4C32G", ["mysql.x8.large.2c", "mysql.x8.large.2", "mysql.x8.large.25"]),
    ("8C16G", ["mysql.n2.xlarge.1", "mysql.x2.xlarge.2c", "rds.mysql.c1.large", "mysql.n2.xlarge.25"]),
    (
      "8C32G",
      [
        "mysql.n4.xlarge.1", "mysql.x4.xlarge.2c", "rds.mysql.c1.xlarge", "mysql.x4.xlarge.2", "mysql.n4.xlarge.25",
        "mysql.x4.xlarge.25",
      ]
    ),
    ("8C64G", ["mysql.x8.xlarge.2c", "mysql.x8.xlarge.2", "mysql.x8.xlarge.25"]),
    ("12C24G", ["mysql.x2.3large.2c"]),
    ("12C48G", ["mysql.x4.3large.2c"]),
    ("12C96G", ["mysql.x8.3large.2c"]),
    ("16C32G", ["mysql.x2.2xlarge.2c"]),
    (
      "16C64G",
      [
        "mysql.x4.2xlarge.2c", "rds.mysql.c2.xlarge", "mysql.x4.2xlarge.2", "mysql.n4.2xlarge.25",
        "mysql.x4.2xlarge.25",
      ]
    ),
    ("16C96G", ["rds.mysql.c2.xlp2"]),
    (
      "16C128G",
      [
        "mysql.x8.2xlarge.2c", "rds.mysql.c2.2xlarge", "mysql.x8.2xlarge.2", "mysql.n8.2xlarge.25",
        "mysql.x8.2xlarge.25",
      ]
    ),
    ("24C48G", ["mysql.x2.3xlarge.2c"]),
    ("24C96G", ["mysql.x4.3xlarge.2c"]),
    ("24C192G", ["mysql.x8.3xlarge.2c"]),
    ("32C64G", ["mysql.x2.4xlarge.2c"]),
    ("32C128G", ["mysql.x4.4xlarge.2c", "mysql.x4.4xlarge.2", "mysql.x4.4xlarge.25"]),
    ("32C256G", ["mysql.x8.4xlarge.2c", "mysql.x8.4xlarge.2", "mysql.x8.4xlarge.25"]),
    ("52C96G", ["mysql.x2.13large.2c"]),
    ("52C192G", ["mysql.x4.13large.2c"]),
    ("52C384G", ["mysql.x8.13large.2c"]),
    ("60C470G", ["rds.mysql.st.h43", "mysql.st.8xlarge.25"]),
    ("64C128G", ["mysql.x2.8xlarge.2c"]),
    ("64C256G", ["mysql.x4.8xlarge.2c"]),
    ("64C512G", ["mysql.x8.8xlarge.2c", "mysql.x8.8xlarge.2"]),
    ("90C720G", ["rds.mysql.st.v52", "mysql.st.12xlarge.25"]),
    ("104C192G", ["mysql.x2.13xlarge.2c"]),
    ("104C384G", ["mysql.x4.13xlarge.2c"]),
    ("104C768G", ["mysql.x8.13xlarge.2c"]),
  ]

  static let mariadb: [(String, [String])] = [
    ("1C2G", ["mariadb.n2.small.2c"]),
    ("2C4G", ["mariadb.n2.medium.2c"]),
    ("4C8G", ["mariadb.x2.large.2c"]),
    ("4C16G", ["mariadb.x4.large.2c"]),
    ("8C16G", ["mariadb.x2.xlarge.2c"]),
    ("8C32G", ["mariadb.x4.xlarge.2c"]),
    ("16C32G", ["mariadb.x2.2xlarge.2c"]),
    ("16C64G", ["mariadb.x4.2xlarge.2c"]),
    ("16C128G", ["mariadb.x8.2xlarge.2c"]),
    ("32C128G", ["mariadb.x4.4xlarge.2c"]),
    ("32C256G", ["mariadb.x8.4xlarge.2c"]),
    ("56C224G", ["mariadb.x4.8xlarge.2c"]),
    ("56C480G", ["mariadb.x8.8xlarge.2c"]),
  ]

  /// Every class of the engine (`MySQL` or `MariaDB`) with its size, in table order.
  static func classes(engine: String) -> [SizedChoice] {
    let rows = engine == "MariaDB" ? mariadb : mysql
    return rows.flatMap { size, ids in
      ids.map { SizedChoice(id: $0, spec: try! CoreMemorySpec.parse(size, field: "table")) }
    }
  }
}
