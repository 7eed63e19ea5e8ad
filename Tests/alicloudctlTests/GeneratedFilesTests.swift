import AliCloudCatalog
import AliCloudCore
import AliCloudDaemon
import Foundation
import TestSupport
import Testing

@testable import alicloudctl

/// The man pages (docs/man/) and shell completions (deploy/completions/) are generated from the
/// option tables and the catalogue; set ALICLOUDD_UPDATE_OPTION_DOCS=1 to rewrite them.
@Suite struct GeneratedFilesTests {
  static let files: [(path: String, text: String)] = [
    ("docs/man/alicloudd.8", ManPages.alicloudd.roff),
    ("docs/man/alicloud-sim.1", ManPages.alicloudSim.roff),
    ("docs/man/alicloudctl.1", CLIManPage.page.roff),
    ("deploy/completions/alicloudctl.bash", Completions.bash),
    ("deploy/completions/_alicloudctl", Completions.zsh),
  ]

  @Test(arguments: files.map(\.path)) func isCurrent(path: String) throws {
    let expected = try #require(Self.files.first { $0.path == path }).text
    let url = Repository.url(path)
    if ProcessInfo.processInfo.environment["ALICLOUDD_UPDATE_OPTION_DOCS"] == "1" {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try expected.write(to: url, atomically: true, encoding: .utf8)
    }
    let current = try String(contentsOf: url, encoding: .utf8)
    #expect(
      current == expected,
      "\(path) is stale: run ALICLOUDD_UPDATE_OPTION_DOCS=1 swift test --filter GeneratedFilesTests")
  }

  @Test func manPagesListEveryOptionAndOperation() {
    let daemon = ManPages.alicloudd.roff
    for o in DaemonOptions.table.options { #expect(daemon.contains(".B " + ManPage.escape(o.usage)), "\(o.name)") }
    let cli = CLIManPage.page.roff
    for op in Catalog.operations {
      #expect(cli.contains(ManPage.escape("alicloudctl " + CommandWords.command(of: op))), "\(op.method)")
      for field in op.inputs { #expect(cli.contains(ManPage.escape("--" + field.name)), "\(op.method) \(field.name)") }
    }
  }

  /// Version.product names the newest release in CHANGELOG.md (tags are v + it).
  @Test func theChangelogNamesTheProductVersion() throws {
    let text = try String(contentsOf: Repository.url("CHANGELOG.md"), encoding: .utf8)
    let releases = text.split(separator: "\n").filter { $0.hasPrefix("## ") && $0.dropFirst(3).first?.isNumber == true }
    #expect(releases.first.map { String($0.dropFirst(3)) } == Version.product)
    #expect(Version.line.hasPrefix(Version.build + " (protocol \(Version.protocolVersion), commit "))
  }

  @Test func roffEscapesWhatWouldBeMarkup() {
    #expect(ManPage.escape("--max-frame") == "\\-\\-max\\-frame")
    #expect(ManPage.escape(".hidden") == "\\&.hidden")
    #expect(ManPage.escape("a\\b") == "a\\eb")
  }

  @Test func completionsFollowTheCatalogue() {
    let table = Completions.table
    let first = table.first { $0.prefix == "" }
    #expect(first?.next.contains("vpc") == true && first?.next.contains("status") == true)
    let snat = table.first { $0.prefix == "vpc nat snat_entry modify" }
    #expect(snat?.next.contains("append") == true)
    for op in Catalog.operations {
      let row = table.first { $0.prefix == CommandWords.command(of: op) }
      #expect(row != nil, "\(op.method)")
      for field in op.inputs { #expect(row?.flags.contains("--" + field.name) == true, "\(op.method) \(field.name)") }
    }
  }
}
