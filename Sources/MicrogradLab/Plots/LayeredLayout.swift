import MicrogradEngine
import MicrogradSupport

/// A directed acyclic graph laid out left to right in columns, the way Graphviz's `dot` does it
/// (Sugiyama, Tagawa and Toda 1981, "Methods for visual understanding of hierarchical system
/// structures"), in small: columns, then the order within each column, then positions.
///
/// 1. **Columns.** A node's column is its longest path from a source; a source then moves right,
///    next to the first node that uses it (an input sits beside its op, not at the far left).
/// 2. **Placeholders.** An edge that skips columns passes through a placeholder in each column
///    it crosses, so every edge joins neighbouring columns.
/// 3. **Order.** Sweeps to the right and back sort each column by the mean position of each
///    node's neighbours in the column before (the barycenter heuristic); the order with the
///    fewest crossings seen is kept.
/// 4. **Positions.** Each node moves toward the mean height of its neighbours, keeping its
///    column's order and spacing: the least-squares solution of that (pool adjacent violators).
struct LayeredLayout: Sendable {
  /// The size of each node; placeholders come after the given nodes and have no size.
  private(set) var widths: [Double], heights: [Double]
  /// Each node's column (placeholders included).
  private(set) var column: [Int] = []
  /// The nodes of each column, top to bottom.
  private(set) var columns: [[Int]] = []
  /// Each given edge as the path of nodes it passes: source, placeholders, target.
  private(set) var paths: [[Int]] = []
  /// Each node's centre.
  private(set) var x: [Double] = [], y: [Double] = []
  /// Each column's left edge and width.
  private(set) var columnLeft: [Double] = [], columnWidth: [Double] = []
  /// The size of the whole drawing.
  private(set) var width = 0.0, height = 0.0

  /// The number of nodes given (the rest are placeholders).
  let count: Int
  /// Space between columns and between neighbours in a column.
  static let columnGap = 44.0, rowGap = 14.0, placeholderGap = 6.0

  /// Lays out `count` nodes of the given sizes joined by `edges` (source, target), which must
  /// form no cycle; the order of the nodes and edges is the first guess at the order in a column.
  init(sizes: [(width: Double, height: Double)], edges: [(Int, Int)], sweeps: Int = 8) {
    count = sizes.count
    widths = sizes.map(\.width)
    heights = sizes.map(\.height)
    column = Self.columns(count: count, edges: edges)
    addPlaceholders(edges)
    order(sweeps: sweeps)
    place()
  }

  // MARK: Columns

  /// Longest path from a source, then each source moved next to its first successor.
  static func columns(count: Int, edges: [(Int, Int)]) -> [Int] {
    var successors = [[Int]](repeating: [], count: count)
    var indegree = [Int](repeating: 0, count: count)
    for (u, v) in edges {
      successors[u].append(v)
      indegree[v] += 1
    }
    var queue = (0..<count).filter { indegree[$0] == 0 }
    var column = [Int](repeating: 0, count: count)
    var next = 0
    while next < queue.count {
      let u = queue[next]
      next += 1
      for v in successors[u] {
        column[v] = Swift.max(column[v], column[u] + 1)
        indegree[v] -= 1
        if indegree[v] == 0 { queue.append(v) }
      }
    }
    require(queue.count == count, "LayeredLayout: the graph has a cycle")
    var isSource = [Bool](repeating: true, count: count)
    for (_, v) in edges { isSource[v] = false }
    for u in 0..<count where isSource[u] && !successors[u].isEmpty {
      column[u] = successors[u].map { column[$0] }.min()! - 1
    }
    return column
  }

  /// Replaces each edge by a path through one placeholder per column it skips.
  private mutating func addPlaceholders(_ edges: [(Int, Int)]) {
    for (u, v) in edges {
      var path = [u]
      for c in (column[u] + 1)..<Swift.max(column[u] + 1, column[v]) {
        path.append(widths.count)
        widths.append(0)
        heights.append(2)
        column.append(c)
      }
      paths.append(path + [v])
    }
    columns = [[Int]](repeating: [], count: (column.max() ?? -1) + 1)
    for node in column.indices { columns[column[node]].append(node) }
  }

  // MARK: Order

  /// The nodes each node is joined to in the column before and the column after.
  private var neighbours: (before: [[Int]], after: [[Int]]) {
    var before = [[Int]](repeating: [], count: column.count)
    var after = before
    for path in paths {
      for (u, v) in zip(path, path.dropFirst()) {
        after[u].append(v)
        before[v].append(u)
      }
    }
    return (before, after)
  }

  /// Barycenter sweeps, right then left, keeping the order with the fewest crossings.
  private mutating func order(sweeps: Int) {
    let (before, after) = neighbours
    var best = columns
    var fewest = crossings()
    for sweep in 0..<(2 * sweeps) where fewest > 0 {
      let rightward = sweep % 2 == 0
      let range = Array(columns.indices.dropFirst())
      for c in rightward ? range : range.reversed().map({ $0 - 1 }) {
        let (side, other) = rightward ? (before, c - 1) : (after, c + 1)
        var position = [Int: Double]()
        for (i, node) in columns[other].enumerated() { position[node] = Double(i) }
        let keys = columns[c].enumerated().map { i, node in
          side[node].isEmpty ? Double(i) : side[node].map { position[$0]! }.reduce(0, +) / Double(side[node].count)
        }
        // A stable sort: ties keep their order, so the result depends on nothing but the input.
        columns[c] = columns[c].indices.sorted { (keys[$0], $0) < (keys[$1], $1) }.map { columns[c][$0] }
      }
      let now = crossings()
      if now < fewest { (best, fewest) = (columns, now) }
    }
    columns = best
  }

  /// The number of pairs of edges that cross between neighbouring columns.
  func crossings() -> Int {
    var slot = [Int](repeating: 0, count: column.count)
    for nodes in columns { for (i, node) in nodes.enumerated() { slot[node] = i } }
    var segments = [[(Int, Int)]](repeating: [], count: columns.count)
    for path in paths {
      for (u, v) in zip(path, path.dropFirst()) { segments[column[u]].append((slot[u], slot[v])) }
    }
    var total = 0
    for list in segments {
      for i in list.indices {
        for j in list.indices where j > i {
          let (a, b) = (list[i], list[j])
          if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) { total += 1 }
        }
      }
    }
    return total
  }

  // MARK: Positions

  /// Columns side by side; within each, heights pulled toward the neighbours' in a few passes.
  private mutating func place() {
    let gap = Self.columnGap
    columnWidth = columns.map { nodes in nodes.map { widths[$0] }.max() ?? 0 }
    columnLeft = []
    var left = 0.0
    for w in columnWidth {
      columnLeft.append(left)
      left += w + gap
    }
    width = Swift.max(0, left - gap)
    x = column.indices.map { columnLeft[column[$0]] + columnWidth[column[$0]] / 2 }
    y = [Double](repeating: 0, count: column.count)
    for nodes in columns { settle(nodes, toward: nodes.map { _ in 0 }) }
    let (before, after) = neighbours
    for pass in 0..<8 {
      let order = pass % 2 == 0 ? Array(columns.indices) : columns.indices.reversed()
      for c in order {
        let targets = columns[c].map { node in
          let near = pass < 6 ? (pass % 2 == 0 ? before[node] : after[node]) : before[node] + after[node]
          return near.isEmpty ? y[node] : near.map { y[$0] }.reduce(0, +) / Double(near.count)
        }
        settle(columns[c], toward: targets)
      }
    }
    let top = column.indices.map { y[$0] - heights[$0] / 2 }.min() ?? 0
    let bottom = column.indices.map { y[$0] + heights[$0] / 2 }.max() ?? 0
    for node in y.indices { y[node] -= top }
    height = bottom - top
  }

  /// Places `nodes` (one column, top to bottom) as near `targets` as their spacing allows:
  /// minimizes Σ (yᵢ − targetᵢ)² subject to yᵢ₊₁ − yᵢ ≥ the room the two need.
  private mutating func settle(_ nodes: [Int], toward targets: [Double]) {
    guard !nodes.isEmpty else { return }
    // yᵢ = zᵢ + offsetᵢ with z non-decreasing: isotonic regression of (targetᵢ − offsetᵢ).
    var offsets = [0.0]
    for (a, b) in zip(nodes, nodes.dropFirst()) {
      let room = widths[a] == 0 || widths[b] == 0 ? Self.placeholderGap : Self.rowGap
      offsets.append(offsets.last! + (heights[a] + heights[b]) / 2 + room)
    }
    var blocks: [(mean: Double, size: Int)] = []
    for (target, offset) in zip(targets, offsets) {
      blocks.append((target - offset, 1))
      while blocks.count > 1 && blocks[blocks.count - 2].mean > blocks[blocks.count - 1].mean {
        let last = blocks.removeLast()
        let previous = blocks.removeLast()
        let size = previous.size + last.size
        blocks.append(((previous.mean * Double(previous.size) + last.mean * Double(last.size)) / Double(size), size))
      }
    }
    var i = 0
    for block in blocks {
      for _ in 0..<block.size {
        y[nodes[i]] = block.mean + offsets[i]
        i += 1
      }
    }
  }
}
