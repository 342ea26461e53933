import Foundation

/// The built executable called `name`: SwiftPM puts products in the folder that holds the
/// test bundle (`.build/<triple>/debug` or `release`), whatever the configuration or platform.
///
/// On Linux the test process *is* the `.xctest` executable; on macOS it is `xctest` loading a
/// `.xctest` bundle. Either way the bundle's folder is the products folder.
package func builtExecutable(_ name: String) throws -> URL {
  let bundle =
    Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
    ?? URL(fileURLWithPath: CommandLine.arguments[0])
  let url = bundle.deletingLastPathComponent().appendingPathComponent(name)
  guard FileManager.default.isExecutableFile(atPath: url.path) else {
    throw MissingExecutable(name: name, folder: url.deletingLastPathComponent().path)
  }
  return url
}

/// An example executable that was not built before the tests ran.
package struct MissingExecutable: Error, CustomStringConvertible {
  /// The executable's name.
  package var name: String
  /// Where it was looked for.
  package var folder: String
  /// "no executable lab in …: run `swift build` first".
  package var description: String { "no executable \(name) in \(folder): run `swift build` before `swift test`" }
}
