import Foundation
import Testing

@testable import MicrogradLab
@testable import MicrogradPages

/// `Notebook.json`: integers are JSON integers, digit for digit; other numbers as before.
@Suite("Notebook JSON keeps integers exact")
struct NotebookJSONTests {
  @Test("a seed past 2⁵³ and 2⁶³ is written exactly; integer cells are integers; numbers keep their form")
  func integers() throws {
    var notebook = Notebook("Integers", echo: nil)
    notebook.settings = [
      ("seed", .integer(UInt64(9_007_199_254_740_993))), ("largest", .integer(UInt64.max)), ("depth", .integer(100)),
      ("negative", .integer(-3)), ("gain", .number(1)),
    ]
    var table = Table("t", columns: ["layer", "std"])
    table.append([.integer(10), .number(0.5)])
    notebook.table(table)
    let json = notebook.json(example: "demo")
    #expect(json.contains(#""seed": 9007199254740993, "largest": 18446744073709551615, "depth": 100"#))
    #expect(json.contains(#""negative": -3, "gain": 1.0"#))
    #expect(json.contains("[10, 0.5]"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let settings = try #require(object["settings"] as? [String: Any])
    #expect((settings["seed"] as? NSNumber)?.uint64Value == 9_007_199_254_740_993)
    #expect((settings["largest"] as? NSNumber)?.uint64Value == UInt64.max)
  }

  @Test("an integer cell shows its digits and is a number (right-aligned)")
  func shown() {
    let cell = Table.Cell.integer(UInt64.max)
    #expect(cell.shown == "18446744073709551615")
    #expect(cell.isNumber)
  }
}
