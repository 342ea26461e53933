import ExampleSupport
import Foundation
import Micrograd
import Testing

/// `Docs/Engine.md`'s memory section against what it describes: its table of bytes per piece is the estimates'
/// constants, and its counts and sizes are computed from `Docs/data/memory.csv` and the estimates, so a changed
/// constant or a new measurement that the chapter does not follow fails here.
@Suite("Engine.md's memory section states the estimates and the measurements")
struct MemoryDocsTests {
  static let engine: String = {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return (try? String(contentsOf: repository.appendingPathComponent("Docs/Engine.md"), encoding: .utf8)) ?? ""
  }()

  /// "1,200", or "" for nothing; `sign` "+" for what a part adds.
  static func bytes(_ x: Double, sign: String = "") -> String {
    guard x != 0 else { return "" }
    let digits = String(Int(x))
    var grouped = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
      grouped.append(digit)
    }
    return sign + grouped
  }

  /// A row of the table: the probe, then input, element, row, unit, layer and besides.
  static func row(
    _ probe: String, _ c: MemoryEstimate.GraphCosts, sign: String = "", input: String? = nil, besides: String = ""
  )
    -> String
  {
    let cells = [
      probe, input ?? bytes(c.perInput, sign: sign), bytes(c.perElement, sign: sign), bytes(c.perRow, sign: sign),
      bytes(c.perUnit, sign: sign), bytes(c.perLayer, sign: sign), besides,
    ]
    return "|" + cells.map { $0.isEmpty ? " " : " \($0) " }.joined(separator: "|") + "|"
  }

  static let rows: [String] = {
    typealias Normalization = NormalizationProbe.Configuration
    let spectrum = SpectrumProbe.Configuration.self, saturation = SaturationProbe.Configuration.self
    return [
      row("`GainSweepProbe` (packed layers, traced)", GainSweepProbe.Configuration.graphCosts),
      row("`NormalizationProbe`: `Linear` → φ blocks", Normalization.blockCosts),
      row("… with `BatchNorm1d`", Normalization.batchNormCosts, sign: "+"),
      row("… with `LayerNorm`", Normalization.layerNormCosts, sign: "+"),
      row("… with a residual x + f(x)", Normalization.residualCosts, sign: "+"),
      row("… with a scaled residual x + α·f(x)", Normalization.residualCosts + Normalization.scaleCosts, sign: "+"),
      row(
        "`SpectrumProbe` (one input at a time, B = 1)", spectrum.graphCosts,
        besides: "the Jacobian and the copy its SVD works on: \(bytes(spectrum.bytesPerJacobianEntry)) per W²"),
      row(
        "`SaturationProbe` (trainable weights)", saturation.layerCosts,
        input: "\(bytes(saturation.bytesPerSample)) a sample",
        besides: "\(bytes(saturation.bytesPerParameter)) per parameter, \(bytes(saturation.bytesOfItsOwn / 1000)) kB"),
      row("`benchmark probe` (no trace)", MemoryEstimate.benchmarkCosts),
    ]
  }()

  @Test("the table has the estimates' bytes per piece", arguments: rows)
  func tableRow(_ row: String) {
    #expect(Self.engine.split(separator: "\n").contains { $0 == row }, "Docs/Engine.md has no row \(row)")
  }

  /// The text after `<!-- memory: NAME -->` up to the next space.
  static func quoted(_ name: String) -> String? {
    guard let range = Self.engine.range(of: "<!-- memory: \(name) -->") else { return nil }
    let rest = Self.engine[range.upperBound...].replacingOccurrences(of: "\n", with: " ")
    let words = rest.split(separator: " ", maxSplits: 2)
    return name == "forum" || name == "lab"
      ? words.prefix(2).joined(separator: " ") : words.first.map(String.init)
  }

  @Test("the counts of measured and skipped points are the table's")
  func counts() {
    let text =
      (try? String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
          .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Docs/data/memory.csv"),
        encoding: .utf8)) ?? ""
    let lines = text.split(separator: "\n").dropFirst()
    let skipped = lines.filter { $0.contains("\"skipped (") }.count
    #expect(Self.quoted("measured") == String(MemoryEstimateTests.rows.count))
    #expect(Self.quoted("skipped") == String(skipped))
  }

  @Test("the forum's size and the lab at width 100,000 are what the estimates say")
  func sizes() {
    let forum = MemoryEstimate.lab(
      probe: "sweep", lsuv: false, normalization: .none, residual: nil, depth: 100, width: 1000, batch: 100)
    #expect(Self.quoted("forum") == forum.description)
    let wide = MemoryEstimate.lab(
      probe: "sweep", lsuv: false, normalization: .none, residual: nil, depth: 100, width: 100_000, batch: 128)
    #expect(Self.quoted("lab") == "\(wide).")
  }
}
