import AliCloudCatalog
import AliCloudCore

/// Help texts, generated from the catalogue.
enum HelpText {
  static let tool = "alicloudctl"

  static var main: String {
    """
    \(tool) \(Version.product): run AliCloud operations through the alicloudd daemon

    Usage:
      \(tool) <resource> <action...> [--<field> VALUE ...] [--next ...]
                                      run an operation (its path words are the command)
      \(tool) call METHOD [JSON | -]  call any method with JSON params (stdin when omitted or -)
      \(tool) list                    list the methods, grouped by family
      \(tool) describe METHOD         show a method's inputs and outputs
      \(tool) ping                    check that the daemon answers
      \(tool) status                  show the daemon's status
      \(tool) whoami                  show where each credential the daemon keeps comes from and
                                      when it expires (never a secret)
      \(tool) pending                 list mutations whose outcome is unknown (re-send to finish)
      \(tool) help [COMMAND...]       show help for a command

    Resources: \(CommandWords.resources.joined(separator: ", "))
      (\(tool) <resource> --help lists its actions)

    \(options)
    \(batches)
    \(environment)
    \(exitStatus)
    Examples:
      \(tool) vpc create --region cn-hangzhou --vpcName demo --cidrBlock 10.0.0.0/16
      \(tool) vswitch create --region cn-hangzhou --vpcId vpc-1 --zoneId cn-hangzhou-b \\
          --vSwitchName a --cidrBlock 10.0.1.0/24 --next --vSwitchName b --vpcId vpc-1 \\
          --zoneId cn-hangzhou-b --cidrBlock 10.0.2.0/24
      echo '{"inputs":[{"cloudParams":"regionId=cn-hangzhou","vpcId":"vpc-1"}]}' | \(tool) call vpc/delete
      \(tool) vm list --region cn-hangzhou --output table
      \(tool) vpc describe --region cn-hangzhou --vpcId vpc-1 --output value --query vpcId,status
      \(tool) describe vm/create

    """
  }

  static let options = """
    Options:
      --socket PATH          daemon socket (default: $ALICLOUDD_SOCKET; /run/alicloudd/alicloudd.sock
                             for root; else $XDG_RUNTIME_DIR/alicloudd/alicloudd.sock)
      --json pretty|compact  JSON style (default: pretty on a terminal, else compact)
      --output json|table|value
                             json (default): the result as it is; table: one row per output (a
                             list's output: one per item it lists) under a header; value: the
                             same rows, tab-separated, no header, for scripts
      --query FIELD[,FIELD]  only these fields (dotted paths reach inside: attributes.Cpu), as the
                             table's or value's columns, or JSON rows; default columns: the
                             operation's text outputs
      --timeout SECONDS      give up waiting after this long (exit status 5; the final
                             envelope of a cancelled operation is still printed)
      --progress, --no-progress
                             show a live progress line on stderr (default: on when stderr is a terminal)
      --region REGION        cloudParams regionId=REGION for inputs without cloudParams
      --dry-run              print the JSON-RPC request (method and params) instead of sending it
      -h, --help             show help
      --version              show the version

    """

  static let batches = """
    Batches:
      Each --<field> VALUE sets a field of the current input. A new input starts at --next, at
      --input JSON (a whole input object), or when a field is repeated: --vpcName a --vpcName b
      makes two inputs. --identityParams and --cloudParams given before any other field apply to
      every input; later they belong to the current input.
      A value @PATH is the content of that file (one trailing line break dropped), @- is stdin,
      @@TEXT is the literal @TEXT; so are --input @PATH and call METHOD @PATH.
      Before sending, each input is checked against the catalogue: a required field missing or a
      value of the wrong shape is refused (exit status 2) naming the field, e.g. inputs[0].vpcName.
      When some input fails, one line on stderr names each failed input and its errorMessage.

    """

  static let environment = """
    Environment:
      ALICLOUDD_SOCKET          default socket path
      ALICLOUD_IDENTITY_PARAMS  default identityParams (accessKeyId=...;secret=...); when unset and no
                                --identityParams is given, the daemon's default credentials apply
      ALICLOUD_CLOUD_PARAMS     default cloudParams (regionId=...), unless --region is given

    """

  static var exitStatus: String {
    "Exit status:\n"
      + ExitCode.allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n") + "\n"
  }

  /// Help for a resource or a partial command: its actions.
  static func group(_ prefix: [String]) -> String {
    let ops = CommandWords.operations(under: prefix)
    let rows = ops.map { ("\(tool) \(CommandWords.command(of: $0))", $0.summary) }
    return """
      Usage: \(tool) \(prefix.joined(separator: " ")) <action...> [--<field> VALUE ...]

      Actions:
      \(table(rows))
      Run '\(tool) <command> --help' for an action's fields.

      """
  }

  /// Help for one operation's typed subcommand.
  static func operation(_ op: OperationSpec) -> String {
    let command = CommandWords.command(of: op)
    return """
      Usage: \(tool) \(command) [--<field> VALUE ...] [--next ...] [--input JSON]

      \(op.summary).
      Method: \(op.method) (HTTP: POST \(op.path))

      \(fields(op))
      \(batches)
      Example:
        \(tool) \(command) \(example(op))

      \(exitStatus)
      """
  }

  static func fields(_ op: OperationSpec) -> String {
    let inputs = op.inputs.map { field in
      var name = "--\(field.name) VALUE"
      if field.required { name += " *" }
      var text = field.description
      if !field.aliases.isEmpty { text += " [also: " + field.aliases.map { "--" + $0 }.joined(separator: ", ") + "]" }
      return (name, text)
    }
    let outputs = op.outputs.map { ($0.name, $0.description) }
    return "Inputs (* required):\n\(table(inputs))\nOutputs:\n\(table(outputs))"
  }

  /// A command line with the required fields and plausible values.
  static func example(_ op: OperationSpec) -> String {
    var parts = ["--region cn-hangzhou"]
    for field in op.inputs where field.required && field.name != "cloudParams" {
      let value = op.family == "redis" && field.name == "engineVersion" ? "5.0" : sampleValue(field.name)
      parts.append("--\(field.name) \(value)")
    }
    return parts.joined(separator: " ")
  }

  static func sampleValue(_ name: String) -> String {
    let samples: [String: String] = [
      "cidrBlock": "10.0.0.0/16", "destinationCidrBlock": "0.0.0.0/0", "zoneId": "cn-hangzhou-b",
      "cidrIp": "10.0.0.0/8", "portRange": "22", "ipProtocol": "tcp", "policy": "accept", "actionType": "ingress",
      "instanceSpec": "2C4G", "instanceFamily": "c5", "size": "40", "fileSystemType": "ext4", "mountDir": "/data",
      "listenerPort": "80", "listenerProtocol": "TCP", "bandwidth": "10", "deleteListener": "N",
      "engine": "MySQL", "engineVersion": "8.0", "dBInstanceStorage": "20", "dBInstanceSpec": "1C2G",
      "dBInstanceStorageType": "cloud_essd", "chargeType": "PostPaid", "capacity": "1024",
      "addressType": "intranet", "instanceType": "EcsInstance", "hostPorts": "80", "unmountDir": "/data",
      "volumeName": "/dev/vdb",
    ]
    if let sample = samples[name] { return sample }
    let idPrefixes: [String: String] = [
      "vpcId": "vpc-1", "vSwitchId": "vsw-1", "routeTableId": "vtb-1", "natId": "ngw-1", "natGatewayId": "ngw-1",
      "snatTableId": "stb-1", "snatEntryId": "snat-1", "securityGroupId": "sg-1", "instanceId": "i-1",
      "diskId": "d-1", "loadBalancerId": "lb-1", "vServerGroupId": "rsp-1", "dBInstanceId": "rm-1",
      "allocationId": "eip-1", "cenId": "cen-1", "childInstanceId": "vpc-1", "imageId": "aliyun_3_x64",
      "hostIds": "i-1", "nextHopId": "ngw-1", "backupId": "1", "hostId": "i-1", "securityGroupRuleId": "sgr-1",
      "dBInstanceIPArrayName": "default",
    ]
    if let sample = idPrefixes[name] { return sample }
    if name.hasSuffix("Ip") || name.hasSuffix("Ips") || name.hasSuffix("IPList") { return "10.0.0.10" }
    return "demo"
  }

  /// Two aligned columns.
  static func table(_ rows: [(String, String)], width fixed: Int? = nil) -> String {
    let width = fixed ?? min(40, (rows.map(\.0.count).max() ?? 0) + 2)
    return rows.map { left, right in
      let pad = left.count < width ? String(repeating: " ", count: width - left.count) : "  "
      return "  " + left + pad + right + "\n"
    }.joined()
  }
}
