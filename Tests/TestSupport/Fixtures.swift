import Foundation

/// Reads a committed JSON fixture from a test target's `Fixtures/` folder (a resource of the
/// target: pass its `Bundle.module`).
///
/// Fixtures are produced by the Python scripts in `Tests/Reference/` from independent tools
/// (PyTorch in float64, NumPy, mpmath) and committed, so the tests need no Python. Numbers
/// that are not finite are written as the strings "inf", "-inf" and "nan".
package func loadFixture<T: Decodable>(_ name: String, from bundle: Bundle, as type: T.Type = T.self) throws -> T {
  guard let url = bundle.url(forResource: "Fixtures/" + name, withExtension: nil) else {
    throw FixtureError(name: name, path: bundle.bundlePath)
  }
  let decoder = JSONDecoder()
  decoder.nonConformingFloatDecodingStrategy = .convertFromString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return try decoder.decode(T.self, from: Data(contentsOf: url))
}

/// A fixture file that is not in the test bundle.
package struct FixtureError: Error, CustomStringConvertible {
  /// The file asked for.
  package var name: String
  /// The bundle searched.
  package var path: String
  /// "fixture dags.json not found in …".
  package var description: String { "fixture \(name) not found in \(path)/Fixtures" }
}
