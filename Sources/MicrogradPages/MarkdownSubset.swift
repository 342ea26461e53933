import MicrogradLab
/// The small Markdown subset of a notebook's prose, turned into HTML: paragraphs, bulleted
/// and numbered lists, `*emphasis*` and `_emphasis_`, `**strong**`, `` `code` `` and
/// `[links](https://…)`. Everything else is text, escaped, so no prose can inject markup.
enum MarkdownSubset {
  /// The blocks of `text` (separated by blank lines) as HTML paragraphs and lists.
  static func html(_ text: String) -> String {
    var html: [String] = []
    for block in blocks(text) {
      let items = listItems(block)
      if let items, let first = block.first {
        let tag = first.first?.isNumber == true ? "ol" : "ul"
        html.append("<\(tag)>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</\(tag)>")
      } else {
        html.append("<p>\(inline(block.joined(separator: " ")))</p>")
      }
    }
    return html.joined(separator: "\n")
  }

  /// The paragraphs of `text`: runs of non-blank lines, each line trimmed.
  static func blocks(_ text: String) -> [[String]] {
    var result: [[String]] = [[]]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = String(line.drop { $0 == " " })
      if trimmed.isEmpty {
        if !result[result.count - 1].isEmpty { result.append([]) }
      } else {
        result[result.count - 1].append(String(line))
      }
    }
    return result.filter { !$0.isEmpty }
  }

  /// The items of a list block ("- a", "* b", "1. c"; an indented line continues the item
  /// above), or nil if the block is not a list.
  static func listItems(_ block: [String]) -> [String]? {
    var items: [String] = []
    for line in block {
      let trimmed = line.drop { $0 == " " }
      if let item = itemText(trimmed) {
        items.append(item)
      } else if !items.isEmpty && line.first == " " {
        items[items.count - 1] += " " + trimmed
      } else {
        return nil
      }
    }
    return items
  }

  /// "- text" or "1. text" → "text"; nil for any other line.
  private static func itemText(_ line: Substring) -> String? {
    if line.hasPrefix("- ") || line.hasPrefix("* ") { return String(line.dropFirst(2)) }
    let digits = line.prefix { $0.isNumber }
    if !digits.isEmpty && line.dropFirst(digits.count).hasPrefix(". ") {
      return String(line.dropFirst(digits.count + 2))
    }
    return nil
  }

  /// One line of prose with its inline markup as HTML.
  static func inline(_ text: String) -> String {
    let characters = Array(text)
    var html = ""
    var i = 0
    func find(_ marker: String, from start: Int) -> Int? {
      let m = Array(marker)
      var j = start
      while j + m.count <= characters.count {
        if Array(characters[j..<(j + m.count)]) == m { return j }
        j += 1
      }
      return nil
    }
    func isWordCharacter(_ k: Int) -> Bool { k >= 0 && k < characters.count && characters[k].isLetter }
    while i < characters.count {
      let c = characters[i]
      if c == "`", let end = find("`", from: i + 1) {
        html += "<code>\(xmlEscaped(String(characters[(i + 1)..<end])))</code>"
        i = end + 1
      } else if c == "*", i + 1 < characters.count, characters[i + 1] == "*",
        let end = find("**", from: i + 2), end > i + 2
      {
        html += "<strong>\(inline(String(characters[(i + 2)..<end])))</strong>"
        i = end + 2
      } else if (c == "*" || c == "_"), !isWordCharacter(i - 1), i + 1 < characters.count,
        characters[i + 1] != " ", let end = find(String(c), from: i + 1), end > i + 1,
        characters[end - 1] != " ", !isWordCharacter(end + 1)
      {
        html += "<em>\(inline(String(characters[(i + 1)..<end])))</em>"
        i = end + 1
      } else if c == "[", let middle = find("](", from: i + 1), let end = find(")", from: middle + 2),
        isSafeLink(String(characters[(middle + 2)..<end]))
      {
        let url = String(characters[(middle + 2)..<end])
        html += "<a href=\"\(xmlEscaped(url))\">\(inline(String(characters[(i + 1)..<middle])))</a>"
        i = end + 1
      } else {
        html += xmlEscaped(String(c))
        i += 1
      }
    }
    return html
  }

  /// Whether a link target is a web address, an anchor or a relative path (never `javascript:`).
  static func isSafeLink(_ url: String) -> Bool {
    if url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("#") { return true }
    return !url.isEmpty && !url.contains(":") && !url.contains(" ")
  }
}
