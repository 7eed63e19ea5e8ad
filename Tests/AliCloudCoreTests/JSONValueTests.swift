import Foundation
import Testing

@testable import AliCloudCore

@Test func jsonValueRoundTripsThroughCodable() throws {
  let v: JSONValue = ["a": 1, "b": [true, nil, "x"], "c": 1.5]
  let data = try JSONEncoder().encode(v)
  let back = try JSONDecoder().decode(JSONValue.self, from: data)
  #expect(back == v)
  #expect(back["b"]?[0]?.boolValue == true)
  #expect(back["a"]?.intValue == 1)
}
