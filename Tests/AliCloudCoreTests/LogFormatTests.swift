import AliCloudCore
import Foundation
import Glibc
import Testing

/// The text and JSON line formats, the journald priority prefix, and how the journal is recognised.
@Suite struct LogFormatTests {
  let record = LogRecord(
    level: .warning, label: "alicloudd", message: "call \"finished\"\n",
    metadata: ["rpc.id": "7", "note": "a b=c", "message": "not the message", "tab": "x\ty"],
    date: Date(timeIntervalSince1970: 1_700_000_000.25))

  @Test func textLinesQuoteValuesThatNeedIt() {
    let line = LogFormat.text.render(record)
    #expect(line.hasPrefix("2023-11-14T22:13:20.250Z warning alicloudd: call \"finished\"\n"))
    #expect(line.contains(" note=\"a b=c\"") && line.contains(" rpc.id=7"))
    #expect(!LogFormat.text.render(record, journal: true).contains("2023-"))
    #expect(LogFormat.text.render(record, journal: true).hasPrefix("<4>warning alicloudd: "))
  }

  @Test func jsonLinesAreOneObjectWithStringFields() throws {
    let line = LogFormat.json.render(record)
    #expect(!line.contains("\n"), "one line")
    let o = try JSONValue.parse(Data(line.utf8))
    #expect(o["time"] == "2023-11-14T22:13:20.250Z" && o["level"] == "warning" && o["label"] == "alicloudd")
    #expect(o["message"] == "call \"finished\"\n", "metadata never replaces the message")
    #expect(o["note"] == "a b=c" && o["rpc.id"] == "7" && o["tab"] == "x\ty")
    let journal = LogFormat.json.render(record, journal: true)
    #expect(journal.hasPrefix("<4>{"))
    #expect(try JSONValue.parse(Data(journal.dropFirst(3).utf8)) == o)
  }

  @Test func prioritiesFollowSyslog() {
    #expect(LogLevel.allCases.map(\.syslogPriority) == [7, 7, 6, 5, 4, 3])
  }

  @Test func theJournalIsRecognisedByStderrsDeviceAndInode() {
    var st = stat()
    #expect(fstat(STDERR_FILENO, &st) == 0)
    #expect(LogFormat.stderrIsJournal(["JOURNAL_STREAM": "\(st.st_dev):\(st.st_ino)"]))
    #expect(!LogFormat.stderrIsJournal(["JOURNAL_STREAM": "\(st.st_dev):\(st.st_ino + 1)"]))
    #expect(!LogFormat.stderrIsJournal([:]))
  }
}
