import Testing

/// An example's printed conclusions must follow from its data: no verdict from one width, no trend
/// from two layers, an explosion reported as one.
@Suite("Examples: verdicts the data can support")
struct ExampleVerdictTests {
  @Test("width-sweep with one width draws no conclusion about the approach (the fit's error is infinite)")
  func oneWidth() throws {
    let run = try ExampleCommandLineTests.run("width-sweep", ["--widths", "32", "--seeds", "1", "--out", outFolder()])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("No verdict: one width (32) gives one value of depth/width"))
    #expect(!run.standardOutput.contains("Reaching the prediction"))
    #expect(!run.standardOutput.contains("± inf"))
  }

  @Test("lab: an overflowing network is reported as exploding at its layer, the page written, exit 0")
  func labExplodes() throws {
    let run = try ExampleCommandLineTests.run(
      "lab",
      [
        "--probe", "spectrum", "--activation", "identity", "--init", "orthogonal", "--gain", "10", "--depth", "330",
        "--width", "4", "--batch", "2", "--out", outFolder(),
      ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("The signal explodes at layer 30"))
    #expect(run.standardError.isEmpty)
  }

  @Test("gain-sweep says grows/settles from a trend over the second half of the layers, not from two layers")
  func gainSweepTrend() throws {
    let run = try ExampleCommandLineTests.run(
      "gain-sweep", ["--depth", "20", "--width", "16", "--batch", "8", "--out", outFolder()])
    #expect(run.status == 0, "\(run.standardError)")
    let verdicts = run.standardOutput.split(separator: "\n").filter {
      $0.contains("settles") || $0.contains("still grows") || $0.contains("still shrinks")
    }
    #expect(!verdicts.isEmpty)
    for line in verdicts {
      #expect(line.contains("over layers 10–20"), "a verdict not from the trend: \(line)")
    }
  }

  /// A fresh folder for a run's figures.
  func outFolder() -> String {
    "/tmp/micrograd-verdict-tests-\(UInt64.random(in: 0...UInt64.max))"
  }
}
