import MicrogradEngine
import MicrogradLab
import MicrogradNN
import MicrogradSupport

extension GainExplorer {
  /// The first family's default gain as an ordinary figure (for Markdown and the terminal).
  var defaultFigure: Notebook.Figure {
    let family = families[0]
    let (std, gradient) = charts(family, at: family.defaultIndex)
    let grid = ChartGrid(title: "The gain explorer at its default", charts: [std, gradient], columns: 1)
    return Notebook.Figure(
      name: "explorer",
      caption: "Measured and predicted, \(family.activation) at gain \(family.gains[family.defaultIndex])",
      svg: grid.svg(), text: nil, charts: [std, gradient])
  }

  /// The explorer as an HTML figure: for each activation, its two charts at the default gain
  /// (visible without script), the curves of every gain as JSON, and a small script that shows
  /// the controls and redraws the four lines when the slider or the activation changes.
  func html(id: String) -> String {
    var panels: [String] = []
    for (f, family) in families.enumerated() {
      let (std, gradient) = charts(family, at: family.defaultIndex)
      panels.append(
        """
        <div class="panels" data-family="\(f)"\(f == 0 ? "" : " hidden")>
        \(Notebook.inlineSVG(std.svg(), prefix: "\(id)-\(f)-std"))
        \(Notebook.inlineSVG(gradient.svg(), prefix: "\(id)-\(f)-grad"))
        </div>
        """)
    }
    let c = configuration
    return """
      <figure class="explorer" id="\(id)">
      <div class="controls" hidden>
      <label>activation <select></select></label>
      <label>gain <input type="range" min="0" max="0" step="1" value="0"> <output></output></label>
      </div>
      \(panels.joined(separator: "\n"))
      <figcaption>Depth \(c.depth), width \(c.width), batch \(c.batch), seed \(c.seed), xavierNormal(gain), no bias. \
      Solid: our engine (GainSweepProbe); dashed: the mean-field prediction (MeanField). \
      Every curve was computed when this page was written; the slider only chooses among them.</figcaption>
      <script type="application/json">\(dataJSON())</script>
      <script>\(Self.script(id: id))</script>
      </figure>
      """
  }

  /// The curves as JSON, numbers to 4 significant digits (null where not finite).
  func dataJSON() -> String {
    func list(_ xs: [Double]) -> String {
      "[" + xs.map { $0.isFinite ? formatted($0, significant: 4) : "null" }.joined(separator: ",") + "]"
    }
    func lists(_ xss: [[Double]]) -> String { "[" + xss.map(list).joined(separator: ",") + "]" }
    let items = families.map { f in
      """
      {"name":\(jsonString(f.activation.description)),"d":\(f.defaultIndex),"gains":\(list(f.gains)),\
      "ms":\(lists(f.measuredStd)),"mg":\(lists(f.measuredGradient)),\
      "ps":\(lists(f.predictedStd)),"pg":\(lists(f.predictedGradient))}
      """
    }
    // "</" cannot end the script element early: JSON allows "<\/".
    return "{\"families\":[\(items.joined(separator: ","))]}".replacing("</", with: "<\\/")
  }

  /// The page's script for the explorer with this id: no library, no request, a few dozen lines.
  static func script(id: String) -> String {
    """
    (function () {
      var root = document.getElementById("\(id)");
      var data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
      var controls = root.querySelector(".controls"), select = root.querySelector("select");
      var slider = root.querySelector("input"), output = root.querySelector("output");
      data.families.forEach(function (f, i) {
        var option = document.createElement("option");
        option.value = i; option.textContent = f.name; select.appendChild(option);
      });
      function frame(svg) {
        var v = svg.querySelector(".plot-frame").getAttribute("data-frame").split(" ");
        return { l: +v[0], t: +v[1], r: +v[2], b: +v[3], x0: +v[4], x1: +v[5], y0: +v[6], y1: +v[7], log: v[9] === "log" };
      }
      function points(svg, ys, first) {
        var f = frame(svg), out = [];
        ys.forEach(function (y, i) {
          if (y === null || (f.log && y <= 0)) return;
          var ty = f.log ? Math.log(y) / Math.LN10 : y;
          var px = f.l + (first + i - f.x0) / (f.x1 - f.x0) * (f.r - f.l);
          var py = f.b - (ty - f.y0) / (f.y1 - f.y0) * (f.b - f.t);
          out.push(px.toFixed(2) + "," + py.toFixed(2));
        });
        return out.join(" ");
      }
      function setLine(svg, name, ys, first) {
        var group = svg.querySelector('g.series[data-name="' + name + '"]');
        var lines = group.querySelectorAll("polyline");
        for (var i = 1; i < lines.length; i++) group.removeChild(lines[i]);
        lines[0].setAttribute("points", points(svg, ys, first));
      }
      function draw() {
        var fi = +select.value, f = data.families[fi], g = +slider.value, gain = f.gains[g];
        output.textContent = gain.toFixed(2);
        root.querySelectorAll(".panels").forEach(function (p) { p.hidden = +p.getAttribute("data-family") !== fi; });
        var svgs = root.querySelectorAll('.panels[data-family="' + fi + '"] svg');
        var title = f.name + " at gain " + (+gain.toPrecision(3));
        svgs[0].querySelector("g.title text").textContent = "Output std by layer: " + title;
        svgs[1].querySelector("g.title text").textContent = "Mean |gradient| by layer: " + title;
        setLine(svgs[0], "measured (our engine)", f.ms[g], 1);
        setLine(svgs[0], "predicted (mean field)", f.ps[g], 1);
        setLine(svgs[1], "measured (our engine)", f.mg[g], 0);
        setLine(svgs[1], "predicted (mean field)", f.pg[g], 0);
      }
      function reset() {
        var f = data.families[+select.value];
        slider.max = f.gains.length - 1; slider.value = f.d; draw();
      }
      select.addEventListener("change", reset);
      slider.addEventListener("input", draw);
      controls.hidden = false;
      reset();
    })();
    """
  }
}
