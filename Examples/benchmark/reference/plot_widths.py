"""Draws the CPU time of the depth experiment against the width, log-log, from the JSON that
``pytorch_width.py --json`` writes, with the exponent k of a least-squares fit time ∝ width^k
for each engine over the widest widths (where the width² multiply-adds dominate).

    python3 Examples/benchmark/reference/plot_widths.py /tmp/widths.json Docs/figures/performance-widths.svg

Plain Python, no packages: the SVG is written by hand.
"""

import json
import math
import sys

SERIES = [
    ("ours", "ours_cpu_seconds", "#1f77b4"),
    ("C floor", "floor_cpu_seconds", "#2ca02c"),
    ("PyTorch (float64, 1 thread)", "pytorch_seconds", "#d62728"),
]


def fit(xs, ys):
    """Slope and intercept of the least-squares line through (log x, log y)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    k = sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)
    return k, my - k * mx


def main(source, target):
    rows = json.load(open(source))
    width, height, left, right, top, bottom = 720, 440, 70, 250, 40, 50
    xs_all = [r["width"] for r in rows]
    ys_all = [r[key] for r in rows for _, key, _ in SERIES if r.get(key)]
    x0, x1 = math.log10(min(xs_all)) - 0.05, math.log10(max(xs_all)) + 0.05
    y0, y1 = math.floor(math.log10(min(ys_all))), math.ceil(math.log10(max(ys_all)))

    def px(x):
        return left + (math.log10(x) - x0) / (x1 - x0) * (width - left - right)

    def py(y):
        return height - bottom - (math.log10(y) - y0) / (y1 - y0) * (height - top - bottom)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="22" font-size="14">CPU seconds of the depth experiment (depth 100, batch 100) by width</text>',
    ]
    for e in range(int(y0), int(y1) + 1):
        y = py(10**e)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">1e{e}</text>')
    for w in xs_all:
        x = px(w)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{w}</text>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">width</text>')
    legend_y = top + 10
    for name, key, color in SERIES:
        points = [(r["width"], r[key]) for r in rows if r.get(key)]
        if not points:
            continue
        wide = points[-3:]  # the three widest widths
        k, c = fit([p[0] for p in wide], [p[1] for p in wide])
        path = " ".join(f"{'M' if i == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for i, (x, y) in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, y in points:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{color}"/>')
        xa, xb = wide[0][0], wide[-1][0]
        out.append(
            f'<line x1="{px(xa):.1f}" y1="{py(math.exp(c) * xa**k):.1f}" x2="{px(xb):.1f}" '
            f'y2="{py(math.exp(c) * xb**k):.1f}" stroke="{color}" stroke-dasharray="5,4" stroke-width="1.5"/>'
        )
        out.append(f'<rect x="{width - right + 15}" y="{legend_y - 9}" width="14" height="4" fill="{color}"/>')
        out.append(f'<text x="{width - right + 36}" y="{legend_y - 4}">{name}</text>')
        out.append(f'<text x="{width - right + 36}" y="{legend_y + 12}" fill="#555">time ∝ width^{k:.2f}</text>')
        legend_y += 40
        print(f"{name}: exponent {k:.2f} over widths {[p[0] for p in wide]}")
    out.append("</svg>")
    with open(target, "w") as fh:
        fh.write("\n".join(out) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
