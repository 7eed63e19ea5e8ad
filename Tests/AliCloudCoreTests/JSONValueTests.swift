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

@Test func jsonTextParsesAndPrintsSorted() throws {
  let v = try JSONValue.parse(#"{"b":2,"a":[1,"x",null,false,2.5]}"#)
  #expect(v.jsonString() == #"{"a":[1,"x",null,false,2.5],"b":2}"#)
  #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse("{") }
}
