import TestSupport
import Testing
@testable import MicrogradEngine
@testable import MicrogradNN

extension GainTests {
  struct Fixture: Decodable {
    struct Gain: Decodable {
      var nonlinearity: String
      var param: Double?
      var gain: Double
    }
    struct Failure: Decodable {
      var nonlinearity: String
      var message: String
    }
    var tool: String
    var gains: [Gain]
    var errors: [Failure]
  }

  @Test("every row of PyTorch's table (Fixtures/gains.json) is bit-identical")
  func fixture() throws {
    let fixture = try loadFixture("gains.json", from: .module, as: Fixture.self)
    #expect(fixture.gains.count >= 15)
    for row in fixture.gains {
      let ours = try calculateGain(row.nonlinearity, param: row.param)
      #expect(
        ours.bitPattern == row.gain.bitPattern,
        "\(row.nonlinearity) \(String(describing: row.param)): \(ours) vs \(row.gain)")
    }
    for row in fixture.errors {
      #expect(throws: GainError.unsupported(nonlinearity: row.nonlinearity)) {
        try calculateGain(row.nonlinearity)
      }
    }
  }
}
