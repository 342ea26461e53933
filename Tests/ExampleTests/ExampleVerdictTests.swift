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

  @Test("width-sweep: an intercept known only within more than a factor 2 is 'too uncertain', not 'reaching'")
  func uncertainIntercept() throws {
    let run = try ExampleCommandLineTests.run(
      "width-sweep", ["--widths", "1,2,3", "--seeds", "2", "--out", outFolder()])
    #expect(run.status == 0, "\(run.standardError)")
    let output = run.standardOutput
    #expect(output.contains("- Too uncertain to tell"), "\(output.suffix(1500))")
    #expect(output.contains("relu √2        – (one width with a nonzero gradient: no line)"))
    let reaching = output.split(separator: "\n").first { $0.hasPrefix("- Reaching the prediction") } ?? ""
    #expect(!reaching.contains("± 5"), "an intercept ± 5 counted as reaching: \(reaching)")
  }

  @Test("isometry at width 2: no isometry verdict from undefined spreads, no 'first reached' that never happened")
  func isometryEdges() throws {
    let run = try ExampleCommandLineTests.run(
      "isometry", ["--width", "2", "--samples", "1", "--steps", "1", "--out", outFolder()])
    #expect(run.status == 0, "\(run.standardError)")
    let output = run.standardOutput
    #expect(!output.contains("ReLU has no isometry.** Its spread grows"))
    #expect(output.contains("is not defined (every singular value 0)"))
    #expect(output.contains("no start reached a loss of 0.2 within 1 steps"))
  }

  @Test("training-diagnostics says when the loss grew instead of ranking failed trainings silently")
  func lossGrew() throws {
    let run = try ExampleCommandLineTests.run(
      "training-diagnostics", ["--steps", "100", "--learning-rate", "10", "--width", "8", "--out", outFolder()])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("The loss grew instead of falling"))
  }
}
