import Foundation
import Testing

/// The lab under a hostile trial's settings: an overflow is a sentence on the page and in the output, the run exits 0
/// with its page written, and nothing undefined is printed as a finding.
@Suite("lab: explosions are results, not crashes")
struct LabExplosionTests {
  /// Runs `lab` with `arguments`, writing its figures and notebook to a fresh folder; the run and the page (lab.md).
  static func lab(_ arguments: [String]) throws -> (run: ExampleCommandLineTests.Run, page: String) {
    let folder = "/tmp/micrograd-lab-explosion-tests-\(UInt64.random(in: 0...UInt64.max))"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try ExampleCommandLineTests.run(
      "lab", arguments + ["--out", folder + "/out", "--notebook", folder + "/notebook"])
    let page = (try? String(contentsOfFile: folder + "/notebook/lab.md", encoding: .utf8)) ?? ""
    return (run, page)
  }

  /// How many times `text` occurs in `string`.
  static func count(_ text: String, in string: String) -> Int { string.components(separatedBy: text).count - 1 }

  @Test(
    "saturation: an overflow of the outputs or of the gradients is named at its layer, exit 0, page written",
    arguments: [
      (["--activation", "relu", "--gain", "1e150", "--depth", "3"], "The signal explodes at layer 3"),
      (["--activation", "identity", "--gain", "1e10", "--depth", "30"], "The signal explodes at layer 31"),
      (["--activation", "elu:1e300", "--gain", "1e3", "--depth", "3"], "The gradients explode at layer 4"),
      (["--activation", "gelu", "--gain", "1e100", "--depth", "2"], "The gradients explode at layer 3"),
    ])
  func saturation(settings: [String], sentence: String) throws {
    let (run, page) = try Self.lab(["--probe", "saturation", "--width", "8", "--batch", "4"] + settings)
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardError.isEmpty)
    #expect(Self.count(sentence, in: run.standardOutput) == 1, "\(run.standardOutput)")
    #expect(Self.count(sentence, in: page) == 1)
  }

  @Test("sweep, ReLU × 1e150: the NaNs that ReLU turns into 0 are an explosion at layer 3, not a dying signal")
  func sweepReLU() throws {
    let (run, page) = try Self.lab(
      ["--activation", "relu", "--gain", "1e150", "--depth", "50", "--width", "16", "--batch", "8"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(Self.count("The signal explodes at layer 3", in: run.standardOutput) == 1)
    #expect(Self.count("The signal explodes at layer 3", in: page) == 1)
  }

  @Test("spectrum, ReLU × 1e150: an explosion at layer 3 and no singular values, not 'rank 0 of 16'")
  func spectrumReLU() throws {
    let (run, page) = try Self.lab(
      [
        "--probe", "spectrum", "--activation", "relu", "--gain", "1e150", "--depth", "50", "--width", "16", "--batch",
        "8",
      ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(Self.count("The signal explodes at layer 3", in: run.standardOutput) == 1)
    #expect(Self.count("The signal explodes at layer 3", in: page) == 1)
    #expect(!run.standardOutput.contains("0 of 16"))
  }

  @Test(
    "identity × 1e150: the explosion is told once, in the output and on the page", arguments: ["sweep", "spectrum"])
  func toldOnce(probe: String) throws {
    let (run, page) = try Self.lab(
      [
        "--probe", probe, "--activation", "identity", "--gain", "1e150", "--depth", "50", "--width", "16", "--batch",
        "8",
      ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(Self.count("explodes", in: run.standardOutput) == 1, "\(run.standardOutput)")
    #expect(Self.count("explodes", in: page) == 1)
  }

  @Test("sweep at depth 10: the table's title lists its layers (it said 'Every 10th layer')")
  func sweepTitle() throws {
    let (run, _) = try Self.lab(["--depth", "10", "--width", "8", "--batch", "4"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("Layers 1, 2, 5, 9 and 10"))
    #expect(!run.standardOutput.contains("Every 10th layer"))
  }

  @Test("spectrum of zero weights: J = 0 is said, its spread is '–', no nan")
  func spectrumZeros() throws {
    let (run, _) = try Self.lab([
      "--probe", "spectrum", "--init", "zeros", "--depth", "6", "--width", "6", "--batch", "4",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("**J = 0**"))
    #expect(!run.standardOutput.contains("nan"))
  }

  @Test("saturation with sparse init: the all-zero output weights have no grad:data ratio ('–', not inf)")
  func saturationSparse() throws {
    let (run, _) = try Self.lab([
      "--probe", "saturation", "--init", "sparse", "--depth", "6", "--width", "6", "--batch", "4",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(!run.standardOutput.contains(" inf"))
    #expect(!run.standardOutput.contains("explode"))
  }
}
