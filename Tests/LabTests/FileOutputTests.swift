import Foundation
import Testing

@testable import MicrogradLab

/// `writeTextFile`, through which every file the package writes goes: a file is replaced whole
/// (a temporary file beside it, then a rename), never truncated and rewritten in place.
@Suite("Files are written whole or not at all")
struct FileOutputTests {
  /// A new empty folder for one test.
  static func folder(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "micrograd-file-\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("a reader holding the old file reads it whole after the new one is written: it is replaced, not rewritten")
  func replacedNotRewritten() throws {
    let folder = try Self.folder("replace")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/figure.svg"
    let old = String(repeating: "old ", count: 10_000)
    try TextFile.write(old, to: path)
    let reader = try #require(FileHandle(forReadingAtPath: path))
    defer { try? reader.close() }
    try TextFile.write("new", to: path)
    #expect(String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) == old)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["figure.svg"])
  }

  @Test("writers racing on one file leave one of their texts whole, never a mix, and no temporary files")
  func concurrentWriters() async throws {
    let folder = try Self.folder("race")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/page.html"
    let texts = (0..<4).map { String(repeating: "\($0)", count: 200_000) }
    try TextFile.write(texts[0], to: path)
    let torn = await withTaskGroup(of: Int.self) { group in
      for text in texts {
        group.addTask {
          for _ in 0..<5 { try? TextFile.write(text, to: path) }
          return 0
        }
      }
      group.addTask {  // a reader: every read is one whole text
        var torn = 0
        for _ in 0..<200 {
          let read = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
          if !texts.contains(read) { torn += 1 }
        }
        return torn
      }
      return await group.reduce(0, +)
    }
    #expect(torn == 0)
    #expect(texts.contains(try String(contentsOfFile: path, encoding: .utf8)))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["page.html"])
  }

  @Test("a failed write leaves the file as it was and no temporary file behind")
  func failureCleansUp() throws {
    let folder = try Self.folder("fail")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder + "/taken.svg", withIntermediateDirectories: false)
    #expect(throws: FileWriteError.self) { try TextFile.write("x", to: folder + "/taken.svg") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken.svg"])
    #expect(throws: FileWriteError.self) { try TextFile.write("x", to: "/proc/not-here/x.svg") }
  }

  @Test("a symbolic link is followed (the file it names is replaced, the link kept); permissions are kept")
  func linksAndPermissions() throws {
    let folder = try Self.folder("link")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try TextFile.write("old", to: folder + "/real.json")
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: folder + "/real.json")
    try FileManager.default.createSymbolicLink(atPath: folder + "/link.json", withDestinationPath: "real.json")
    try TextFile.write("new", to: folder + "/link.json")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.json") == "real.json")
    #expect(try String(contentsOfFile: folder + "/real.json", encoding: .utf8) == "new")
    let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/real.json")
    #expect((attributes[.posixPermissions] as? Int) == 0o640)
  }
}
