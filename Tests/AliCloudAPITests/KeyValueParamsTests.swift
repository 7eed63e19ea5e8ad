import Testing

@testable import AliCloudAPI

/// `key=value;...` parsing: the byte path for ASCII text and the general path give the same
/// answers, and both follow the plugin's rules.
@Suite struct KeyValueParamsTests {
  static let cases: [(String, [String: String])] = [
    ("", [:]),
    (";;", [:]),
    ("regionId=cn-beijing", ["regionid": "cn-beijing"]),
    (" RegionId = cn-beijing ; regionGroup=g1;", ["regionid": "cn-beijing", "regiongroup": "g1"]),
    ("accessKeyId=AK;secret=a=b=c", ["accesskeyid": "AK", "secret": "a=b=c"]),
    ("noequals;k=v", ["k": "v"]),
    ("=v;k=", ["k": ""]),
    ("k=1;K=2", ["k": "2"]),
    ("\tk\n=\r v \u{0B}", ["k": "v"]),
    ("name=caf\u{E9};k=v", ["name": "caf\u{E9}", "k": "v"]),
    ("\u{C9}T\u{C9}=x", ["\u{E9}t\u{E9}": "x"]),
    ("k=\u{00A0}v\u{00A0}", ["k": "v"]),
  ]

  @Test(arguments: cases)
  func parses(_ text: String, _ expected: [String: String]) {
    #expect(KeyValueParams.parse(text) == expected)
  }

  @Test func asciiPathAgreesWithTheGeneralOne() {
    for (text, expected) in Self.cases where text.utf8.allSatisfy({ $0 < 0x80 }) {
      #expect(KeyValueParams.parseASCII(text) == expected, "\(text)")
    }
    #expect(KeyValueParams.parseASCII("name=caf\u{E9}") == nil)
  }
}
