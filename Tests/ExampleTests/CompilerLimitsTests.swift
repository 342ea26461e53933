import Foundation
import Testing

/// What `three-ways` and Docs/ThreeWays.md say Swift's compiler refuses to differentiate, checked against this
/// toolchain: each refused snippet must fail to compile with "is not differentiable", and each accepted one
/// must compile (to SIL, where the compiler differentiates). A Swift that learns one of them fails here, and the text gets updated.
@Suite("The compiler's limits the chapter names hold on this toolchain")
struct CompilerLimitsTests {
  struct Snippet: Sendable, CustomTestStringConvertible {
    var name: String
    var code: String
    var differentiable: Bool
    var testDescription: String { "\(name): \(differentiable ? "accepted" : "refused")" }
  }

  static let snippets: [Snippet] = [
    Snippet(name: "abs(x)", code: "_ = gradient(at: 1.0) { (x: Double) in abs(x) }", differentiable: false),
    Snippet(name: "max(x, 0)", code: "_ = gradient(at: 1.0) { (x: Double) in max(x, 0) }", differentiable: false),
    Snippet(name: "min(x, 1)", code: "_ = gradient(at: 1.0) { (x: Double) in min(x, 1) }", differentiable: false),
    Snippet(
      name: "x.rounded()", code: "_ = gradient(at: 1.0) { (x: Double) in x.rounded() * 2 }", differentiable: false),
    Snippet(
      name: "a[i] = …", code: "func f(_ x: Double) -> Double { var a = [x, x]; a[0] = a[0] * 3; return a[0] + a[1] }",
      differentiable: false),
    Snippet(
      name: "for x in array",
      code: "func f(_ v: [Double]) -> Double { var s = 0.0; for x in v { s = s + x }; return s }",
      differentiable: false),
    Snippet(
      name: "a loop bounded by the array's count",
      code: "func f(_ v: [Double]) -> Double { var s = 0.0; for i in 0..<v.count { s = s + v[i] }; return s }",
      differentiable: false),
    Snippet(
      name: "round(x) from the C library", code: "_ = gradient(at: 1.0) { (x: Double) in round(x) * 2 }",
      differentiable: true),
    Snippet(
      name: "while y < 10", code: "func f(_ x: Double) -> Double { var y = x; while y < 10 { y = y * x }; return y }",
      differentiable: true),
    Snippet(
      name: "var and +=", code: "func f(_ x: Double) -> Double { var c = x + 1; c += c * x; return c }",
      differentiable: true),
    Snippet(
      name: "an index loop bounded by a count passed apart",
      code: "func f(_ v: [Double], _ n: Int) -> Double { var s = 0.0; for i in 0..<n { s = s + v[i] }; return s }",
      differentiable: true),
  ]

  /// The toolchain's `swiftc` on the PATH, or nil.
  static let swiftc: URL? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for folder in path.split(separator: ":") {
      let url = URL(fileURLWithPath: String(folder)).appendingPathComponent("swiftc")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
  }()

  #if canImport(_Differentiation)
    static let compilerAvailable = true
  #else
    static let compilerAvailable = false
  #endif

  @Test(
    "each snippet compiles, or fails with “is not differentiable”, as the chapter says", arguments: snippets)
  func typeCheck(_ snippet: Snippet) throws {
    try #require(Self.compilerAvailable && Self.swiftc != nil, "needs _Differentiation and swiftc on the PATH")
    // A function `f` is differentiated where it is defined, as three-ways does (`gradient(at:of:)` in its file).
    var code = "import _Differentiation\n#if canImport(Glibc)\nimport Glibc\n#else\nimport Darwin\n#endif\n"
    code += snippet.code + "\n"
    if snippet.code.hasPrefix("func f(_ x: Double)") { code += "_ = gradient(at: 2.0, of: f)\n" }
    if snippet.code.hasPrefix("func f(_ v: [Double]) ") { code += "_ = gradient(at: [1.0, 2.0], of: f)\n" }
    if snippet.code.hasPrefix("func f(_ v: [Double], _ n: Int)") {
      code += "_ = gradient(at: [1.0, 2.0]) { v in f(v, 2) }\n"
    }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString).swift")
    try code.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = Self.swiftc
    process.arguments = ["-emit-sil", "-o", "/dev/null", file.path]  // differentiation runs on SIL, after type checking
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if snippet.differentiable {
      #expect(process.terminationStatus == 0, "\(snippet.name) should compile: \(message)")
    } else {
      #expect(
        process.terminationStatus != 0 && message.contains("is not differentiable"), "\(snippet.name): \(message)")
    }
  }
}
