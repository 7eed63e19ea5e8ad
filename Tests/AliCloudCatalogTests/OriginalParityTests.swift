import AliCloudCatalog
import Testing

/// The catalogue against the original plugin's registered interfaces (`OriginalInterfaces`):
/// every interface is an operation, every input and output it registers is a field of ours.
@Suite struct OriginalParityTests {
  static func name(_ registered: String) -> String {
    registered.hasSuffix("*") ? String(registered.dropLast()) : registered
  }

  @Test func everyInterfaceIsAnOperation() {
    #expect(OriginalInterfaces.all.count == 54)
    let ours = Set(Catalog.writeOperations.map(\.method))
    let theirs = Set(OriginalInterfaces.all.map(\.method))
    #expect(theirs.subtracting(ours).isEmpty, "missing: \(theirs.subtracting(ours).sorted())")
    #expect(ours.subtracting(theirs).isEmpty, "not the original's: \(ours.subtracting(theirs).sorted())")
  }

  @Test func everyRegisteredFieldIsOneOfOurs() throws {
    for interface in OriginalInterfaces.all {
      guard let spec = Catalog.operation(named: interface.method) else { continue }
      let inputs = Set(spec.inputs.flatMap(\.allNames))
      for field in interface.inputs.map(Self.name) {
        #expect(inputs.contains(field), "\(interface.method): input \(field) missing")
      }
      let outputs = Set(spec.outputs.map(\.name))
      for field in interface.outputs {
        #expect(outputs.contains(field), "\(interface.method): output \(field) missing")
      }
    }
  }
}
