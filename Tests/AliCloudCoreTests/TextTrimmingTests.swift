import Foundation
import Testing

@testable import AliCloudCore

/// `trimmedOfWhiteSpace` trims what Foundation's `.whitespacesAndNewlines` trims.
@Test(arguments: [
  "", " ", "plain", "  a b  ", "\t\r\nkey\n", "\u{00A0}nbsp\u{3000}", "\u{2028}x\u{2029}", "é ", " \u{301}x",
  "v=a=b ", "\u{85}next\u{85}", "mid\u{200B}dle",
])
func trimmingMatchesFoundation(_ text: String) {
  #expect(text.trimmedOfWhiteSpace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
  let sub = ("[" + text + "]").dropFirst().dropLast()
  #expect(sub.trimmedOfWhiteSpace() == sub.trimmingCharacters(in: .whitespacesAndNewlines))
}
