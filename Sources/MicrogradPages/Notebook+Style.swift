import MicrogradLab
extension Notebook {
  /// The page's style sheet: system fonts (no web fonts), a readable measure, light and dark
  /// colours from the system setting, type that grows on a projector, figures that scroll
  /// sideways on a phone rather than shrink below legibility, and a print layout.
  static let style = """
    :root {
      --bg: #ffffff; --fg: #1c1e21; --muted: #5a6069; --rule: #d8dbe0; --code-bg: #f3f4f6;
      --accent: #1d5fb0; --figure-bg: #ffffff;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #16181b; --fg: #e4e6ea; --muted: #a2a8b2; --rule: #353a41; --code-bg: #202328;
        --accent: #82b4ff; --figure-bg: #f6f6f4;
      }
    }
    * { box-sizing: border-box; }
    html { font-size: clamp(16px, 0.6vw + 12px, 22px); -webkit-text-size-adjust: 100%; }
    body {
      margin: 0 auto; max-width: 54rem; padding: 1.25rem 1.1rem 3rem; background: var(--bg); color: var(--fg);
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      line-height: 1.55;
    }
    h1 { font-size: 1.85rem; line-height: 1.2; margin: 0.6rem 0 0.4rem; }
    h2 { font-size: 1.3rem; line-height: 1.3; margin: 2.4rem 0 0.8rem; padding-bottom: 0.25rem;
      border-bottom: 1px solid var(--rule); }
    a { color: var(--accent); }
    p, li { overflow-wrap: break-word; }
    code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86em; }
    p code, li code { background: var(--code-bg); padding: 0.08em 0.3em; border-radius: 4px; }
    pre { background: var(--code-bg); padding: 0.8rem 1rem; overflow-x: auto; border-radius: 6px; line-height: 1.45; }
    pre code { font-size: 1em; }
    .settings { color: var(--muted); margin: 0; }
    .settings b { color: var(--fg); font-weight: 600; }
    nav.toc { border: 1px solid var(--rule); border-radius: 6px; padding: 0.4rem 1.2rem 0.6rem; margin: 1.4rem 0; }
    nav.toc h2 { font-size: 1rem; border: 0; margin: 0.4rem 0; padding: 0; }
    nav.toc ol { margin: 0; padding-left: 0; list-style: none; }
    nav.toc li { margin: 0.15rem 0; }
    details.code { margin: 0.9rem 0; }
    details.code summary { cursor: pointer; color: var(--muted); font-size: 0.82rem; margin-bottom: 0.3rem; }
    figure { margin: 1.4rem 0; }
    figcaption { color: var(--muted); font-size: 0.88rem; margin-top: 0.45rem; }
    .scroll { overflow-x: auto; }
    figure.plot svg, figure.explorer svg {
      display: block; width: 100%; min-width: 34rem; height: auto; background: var(--figure-bg); border-radius: 6px;
    }
    figure.plot.natural svg { width: auto; min-width: 0; max-width: none; }
    figure.plot, figure.explorer .panels { overflow-x: auto; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.88rem; }
    th, td { padding: 0.28rem 0.65rem; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
    th { border-bottom: 2px solid var(--muted); font-weight: 600; }
    th.num, td.num { text-align: right; }
    tr.sub td { color: var(--muted); font-size: 0.94em; }
    tr.sub td:first-child { padding-left: 1.6rem; }
    figure.table figcaption { margin: 0 0 0.4rem; color: var(--fg); font-weight: 600; }
    pre.output { background: transparent; border-left: 3px solid var(--rule); border-radius: 0; padding: 0.2rem 1rem; }
    .explorer .controls { display: flex; flex-wrap: wrap; gap: 0.6rem 1.4rem; align-items: center; margin: 0.4rem 0 0.8rem; }
    .explorer .controls[hidden] { display: none; }
    .explorer input[type=range] { width: min(20rem, 70vw); vertical-align: middle; }
    .explorer output { font-variant-numeric: tabular-nums; font-weight: 600; min-width: 3.5em; display: inline-block; }
    footer { color: var(--muted); font-size: 0.82rem; margin-top: 3rem; border-top: 1px solid var(--rule); }
    @media print {
      :root { --bg: #fff; --fg: #000; --muted: #333; --code-bg: #f3f3f3; --accent: #000; }
      html { font-size: 10.5pt; }
      body { max-width: none; padding: 0; }
      details.code summary, .explorer .controls { display: none; }
      pre { white-space: pre-wrap; }
      figure, pre, table, tr { break-inside: avoid; }
      figure.plot svg, figure.explorer svg { min-width: 0; }
      nav.toc { break-after: page; }
      h2 { break-after: avoid; }
    }
    """
}
