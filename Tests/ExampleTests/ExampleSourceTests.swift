import Foundation
import Testing

@testable import MicrogradPages

/// The examples are written like playgrounds: prose in markup beside the code, and a page's code cell
/// shows only the code that computes — never a statement that builds the page.
@Suite("Examples: prose as prose, code as code")
struct ExampleSourceTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Examples")

  /// Every example's files that make a notebook.
  static let sources: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
    return names.sorted().flatMap { name -> [String] in
      let folder = examples.appendingPathComponent(name)
      let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      return files.filter { $0.hasSuffix(".swift") }.map { "\(name)/\($0)" }
    }.filter { path in
      (try? String(contentsOf: examples.appendingPathComponent(path), encoding: .utf8))?.contains("Notebook(") == true
    }
  }()

  @Test("no code cell holds a page-building call (notebook. or outputs.)", arguments: sources)
  func codeCellsOnlyCompute(_ path: String) throws {
    let steps = SourceSections(path: Self.examples.appendingPathComponent(path).path).steps ?? []
    #expect(!steps.isEmpty, "\(path) has no steps (markup blocks headed ## …)")
    for step in steps {
      for line in step.code.split(separator: "\n") {
        let code = line.drop { $0 == " " }
        #expect(
          !code.hasPrefix("notebook.") && !code.hasPrefix("outputs.") && !code.contains(" notebook.")
            && !code.contains("(notebook.") && !code.contains(" outputs."),
          "\(path), step “\(step.title)”: \(line)")
      }
    }
  }

  @Test("every notebook.section(\"…\") of an example names a step of its markup", arguments: sources)
  func sectionsHaveSteps(_ path: String) throws {
    let text = try String(contentsOf: Self.examples.appendingPathComponent(path), encoding: .utf8)
    let titles = Set((SourceSections(path: Self.examples.appendingPathComponent(path).path).steps ?? []).map(\.title))
    for match in text.matches(of: /notebook\.section\("([^"\\]+)"\)/) {
      #expect(titles.contains(String(match.1)), "\(path): no step ## \(match.1)")
    }
  }
}
