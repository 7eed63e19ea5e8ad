import AliCloudCatalog
import AliCloudCore

/// alicloudctl(1), from the help texts and the catalogue (docs/man/alicloudctl.1; a test keeps
/// it current).
enum CLIManPage {
  static var page: ManPage {
    let tool = HelpText.tool
    return ManPage(
      name: tool, section: 1, summary: "run AliCloud operations through the alicloudd daemon",
      synopsis: [
        "\(tool) <resource> <action...> [--<field> VALUE ...] [--next ...]",
        "\(tool) call METHOD [JSON | -]", "\(tool) list | describe METHOD | ping | status | pending",
        "\(tool) help [COMMAND...]",
      ],
      sections: [
        (
          "Description",
          ManPage.paragraphs(
            """
            \(tool) sends one operation (a batch of inputs) or a service call to alicloudd(8) over its Unix \
            socket and prints the JSON answer. An operation's command is its method's path words \
            (vpc/nat/create is \(tool) vpc nat create); each --<field> VALUE sets a field of the current input.
            """)
        ),
        ("Options", preformatted(HelpText.options)),
        ("Batches", preformatted(HelpText.batches)),
        ("Commands", ManPage.entries(builtins)),
        ("Operations", Catalog.operations.map(operation).joined(separator: "\n")),
        ("Environment", preformatted(HelpText.environment)),
        ("Exit Status", ManPage.entries(ExitCode.allCases.map { (term: String($0.rawValue), text: $0.meaning) })),
        ("See Also", ManPage.escape("alicloudd(8), alicloud-sim(1)")),
      ])
  }

  static let builtins: [(term: String, text: String)] = [
    ("call METHOD [JSON | -]", "Call any method with JSON params (read from stdin when omitted or -)."),
    ("list", "List the methods, grouped by family."), ("describe METHOD", "Show a method's inputs and outputs."),
    ("ping", "Check that the daemon answers."), ("status", "Show the daemon's status."),
    ("pending", "List mutations whose outcome is unknown (re-send to finish)."),
    ("help [COMMAND...]", "Show help for a command."),
  ]

  /// One operation: its command, summary, method and fields.
  static func operation(_ op: OperationSpec) -> String {
    var lines = [
      ".TP", ".B \(ManPage.escape("\(HelpText.tool) \(CommandWords.command(of: op))"))",
      ManPage.escape("\(op.summary). Method \(op.method)."),
    ]
    for field in op.inputs {
      var text = field.description
      if field.required { text += " (required)" }
      if !field.aliases.isEmpty { text += " Also: " + field.aliases.map { "--" + $0 }.joined(separator: ", ") + "." }
      lines += [".RS", ".TP", ".BI \(ManPage.escape("--" + field.name)) \" VALUE\"", ManPage.escape(text), ".RE"]
    }
    return lines.joined(separator: "\n")
  }

  /// A help text block kept as it is laid out (its first line, the heading, dropped).
  static func preformatted(_ text: String) -> String {
    let body = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
    return ".nf\n" + body.map { ManPage.escape(String($0)) }.joined(separator: "\n") + "\n.fi"
  }
}
