import Foundation

/// The package's checkout, for tests that read or check committed files.
public enum Repository {
  /// The directory holding Package.swift, found upwards from this file.
  public static let root: URL = {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
      dir = dir.deletingLastPathComponent()
    }
    return dir
  }()

  /// A file or directory of the checkout, by its path from the root.
  public static func url(_ path: String) -> URL { root.appendingPathComponent(path) }
}
