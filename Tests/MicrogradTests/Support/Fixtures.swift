import Foundation

/// Reads a committed JSON fixture from `Tests/MicrogradTests/Fixtures/`.
///
/// Fixtures are produced by the Python scripts in `Tests/Reference/` from independent tools
/// (PyTorch in float64, mpmath) and committed, so the tests need no Python.
func loadFixture<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
  let url = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // MicrogradTests
    .appendingPathComponent("Fixtures")
    .appendingPathComponent(name)
  return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}
