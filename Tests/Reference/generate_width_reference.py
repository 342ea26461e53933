"""PyTorch's measurements of the forum's depth experiment at several widths.

Produces ``Examples/Support/PyTorchWidthReference.swift`` and the files of its runs beside it
(``PyTorchWidthReference+Widths<N>.swift``, ``+ForumSize.swift``; each under 300 lines):
one ``Run`` per (activation, gain, width, batch), each holding, for every seed, the output
std at layers 10, 20, ..., 100 and the mean |dloss/dh| of the input and of layers 1, 10,
50 and 99. The examples print these beside our engine's numbers, so that a reader can see
how much of a difference between our run (small width, one seed) and the forum's numbers
(width 1000, one run) is width, and how much is just the seed.

The experiment (the PyTorch forum thread "calculate_gain('tanh')"), in the forum snippet's
order of random draws:

    torch.manual_seed(seed)
    a = torch.randn(batch, width, dtype=torch.float64, requires_grad=True)
    b = a
    for i in range(100):
        l = torch.nn.Linear(width, width, bias=False, dtype=torch.float64)  # draws its own init
        torch.nn.init.xavier_normal_(l.weight, gain)                        # then overwrites it
        b = phi(l(b))  # b.retain_grad() at layers 1, 10, 50, 99
    b.sum().backward()

"layer k" is the output of the k-th layer (1-based); std is the population std
(``std(unbiased=False)``) over batch * width numbers; mean |grad| is ``grad.abs().mean()``.
The weights are set to ``requires_grad=False`` after the init (their gradients are not
needed: the activations' gradients are the same, and the backward is a third cheaper), and
only the outputs of layers 1, 10, 50, 99 call ``retain_grad()`` (the others' gradients are
not recorded), which keeps the forum-size runs under ~4.5 GB of RSS (softsign, the most).

Configurations:
- width sweep: (tanh, 5/3), (tanh, 1), (tanh, 1.1), (relu, sqrt 2), (selu, 1) at widths 32,
  64, 128, 256, 512, 1000; depth 100, batch 100, seeds 0-9;
- the forum's own size: the same five plus (selu, 0.75), (sigmoid, 1), (softsign, 1) at
  width 1000, batch 1000 (input randn(1000, 1000)), depth 100, seeds 0-2.
Stored numbers are rounded to 4 significant digits.

Tool: torch 2.15.0 (PyPI's default Linux wheel, on the CPU), float64,
torch.set_num_threads(2), Python 3.11.

Run (from the package root; the pinned packages of Tests/Reference/requirements.txt):

    python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install -r Tests/Reference/requirements.txt
    /tmp/refvenv/bin/python Tests/Reference/generate_width_reference.py
    swift format lint --configuration .swift-format Examples/Support/PyTorchWidthReference*.swift

Options: ``--threads N`` (default 2, at most 2), ``--width-seeds N`` (default 10),
``--forum-seeds N`` (default 3), ``--cache FILE`` (a JSON file of finished runs: an
interrupted run resumes from it), ``--output FOLDER`` (where the Swift files go).

Runtime: about 13 minutes with 2 threads on a 2-core machine shared with other jobs (load
2-4): the width sweep 8 min (300 runs; width 1000 ~5 s each, mostly drawing 2 x 10^8 random
weights), the forum size 5 min (24 runs of 7-20 s).
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DEPTH = 100
STD_LAYERS = list(range(10, DEPTH + 1, 10))  # outputStd[seed][k]: layer 10*(k+1)
GRADIENT_LAYERS = [0, 1, 10, 50, 99]  # gradientMeanAbs[seed][k]: 0 is the input

WIDTH_CONFIGS = [("tanh", 5.0 / 3), ("tanh", 1.0), ("tanh", 1.1), ("relu", math.sqrt(2)), ("selu", 1.0)]
WIDTHS = [32, 64, 128, 256, 512, 1000]
WIDTH_BATCH = 100
WIDTH_SEEDS = 10

FORUM_CONFIGS = WIDTH_CONFIGS + [("selu", 0.75), ("sigmoid", 1.0), ("softsign", 1.0)]
FORUM_WIDTH = 1000
FORUM_BATCH = 1000

ACTIVATIONS = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "selu": F.selu,
    "sigmoid": torch.sigmoid,
    "softsign": F.softsign,
}


def measure(activation, gain, width, batch, seed):
    """One run of the experiment: (output stds at STD_LAYERS, mean |grad| at GRADIENT_LAYERS)."""
    phi = ACTIVATIONS[activation]
    torch.manual_seed(seed)
    a = torch.randn(batch, width, dtype=torch.float64, requires_grad=True)
    b = a
    stds, kept = [], {}
    for k in range(1, DEPTH + 1):
        layer = nn.Linear(width, width, bias=False, dtype=torch.float64)
        nn.init.xavier_normal_(layer.weight, gain)
        layer.weight.requires_grad_(False)
        b = phi(layer(b))
        if k in STD_LAYERS:
            stds.append(b.detach().std(unbiased=False).item())
        if k in GRADIENT_LAYERS:
            b.retain_grad()
            kept[k] = b
    b.sum().backward()
    grads = [a.grad.abs().mean().item()] + [kept[k].grad.abs().mean().item() for k in GRADIENT_LAYERS[1:]]
    return stds, grads


def round4(x):
    """x rounded to 4 significant digits, as the shortest Swift literal (no inf or nan)."""
    if not math.isfinite(x):
        raise SystemExit(f"non-finite measurement {x}")
    return repr(float(f"{x:.4g}"))


def gain_literal(gain):
    return repr(float(gain))


def swift_rows(rows, indent):
    """[[a, b], [c, d]] as Swift array-literal lines, one seed per line."""
    pad = " " * indent
    return [f"{pad}[{', '.join(round4(x) for x in row)}]," for row in rows]


def swift_array(label, rows, end):
    """`label: [[...], ...]` one seed per line (one line for a single seed, as swift-format wants)."""
    if len(rows) == 1:
        return [f"      {label}: [[{', '.join(round4(x) for x in rows[0])}]]{end}"]
    return [f"      {label}: [", *swift_rows(rows, 8), f"      ]{end}"]


def gain_label(gain):
    for label, value in [("5/3", 5.0 / 3), ("sqrt(2)", math.sqrt(2))]:
        if gain == value:
            return label
    return f"{gain:g}"


def render(runs, tool):
    lines = [
        f"// Generated by Tests/Reference/generate_width_reference.py ({tool.split(',')[0]}, float64): do not edit.",
        "",
        "/// PyTorch's measurements of the forum's depth experiment at several widths, to print beside ours.",
        "///",
        "/// 100 layers `nn.Linear(width, width, bias=False)` with `xavier_normal_(gain)`, input",
        "/// `randn(batch, width)`, `b.sum().backward()`, in float64, for seeds 0, 1, … (`torch.manual_seed`).",
        "/// Numbers rounded to 4 significant digits. The runs are in the files beside this one,",
        "/// `PyTorchWidthReference+Widths<N>.swift` (one configuration each) and `+ForumSize.swift`.",
        "package enum PyTorchWidthReference {",
        "  /// The tool that measured them.",
        f'  package static let tool = "{tool}"',
        "",
        "  /// One configuration at one width and batch, over several seeds.",
        "  package struct Run: Sendable {",
        '    /// "tanh", "relu", "selu", "sigmoid", "softsign".',
        "    package var activation: String",
        "    /// The xavier_normal_ gain.",
        "    package var gain: Double",
        "    /// Units per layer (every layer is width × width).",
        "    package var width: Int",
        "    /// Input samples (rows of the input).",
        "    package var batch: Int",
        "    /// Number of layers.",
        "    package var depth: Int",
        "    /// outputStd[seed][k]: population std of layer 10·(k+1)'s output.",
        "    package var outputStd: [[Double]]",
        "    /// gradientMeanAbs[seed][k]: mean |dL/dh| of the input (k = 0) and of layers 1, 10, 50, 99.",
        "    package var gradientMeanAbs: [[Double]]",
        "  }",
        "",
        "  /// Every run, grouped by configuration then width.",
        "  package static let runs: [Run] = [",
    ]
    # One constant per run, listed by name: a single array literal of all the runs takes the
    # type checker over 100 ms (CI warns above that).
    names = [f"run{i}" for i in range(len(runs))]
    row = "   "
    for name in names:
        piece = f" {name},"
        if len(row) + len(piece) > 118:
            lines.append(row)
            row = "   "
        row += piece
    lines += [row, "  ]", "}", ""]
    files = {"PyTorchWidthReference.swift": lines}
    # The runs themselves, one file per configuration of the width sweep and one for the
    # forum's size, so that every file stays under 300 lines.
    header = f"// Generated by Tests/Reference/generate_width_reference.py ({tool.split(',')[0]}, float64): do not edit."
    groups = []  # (file name, [(name, run)])
    for name, run in zip(names, runs):
        forum = run["batch"] != WIDTH_BATCH
        key = "the forum's size" if forum else f"{run['activation']}, gain {gain_label(run['gain'])}: width sweep"
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append((name, run))
    sweeps = 0
    for key, members in groups:
        if key == "the forum's size":
            file = "PyTorchWidthReference+ForumSize.swift"
        else:
            sweeps += 1
            file = f"PyTorchWidthReference+Widths{sweeps}.swift"
        body = [header, "", "extension PyTorchWidthReference {"]
        previous = None
        for name, run in members:
            group = (run["activation"], run["gain"], run["batch"])
            if group != previous:
                size = "width sweep" if run["batch"] == WIDTH_BATCH else "the forum's size"
                body.append(f"  // {run['activation']}, gain {gain_label(run['gain'])}: {size}")
                previous = group
            fields = [
                f'      activation: "{run["activation"]}", gain: {gain_literal(run["gain"])}, width: {run["width"]},'
                f' batch: {run["batch"]}, depth: {DEPTH},',
                *swift_array("outputStd", run["outputStd"], ","),
                *swift_array("gradientMeanAbs", run["gradientMeanAbs"], ""),
            ]
            body += [f"  static let {name}: Run = Run(", *[line[2:] for line in fields], "  )", ""]
        body[-1:] = ["}", ""]
        files[file] = body
    for file, body in files.items():
        for line in body:
            if len(line) > 120:
                raise SystemExit(f"{file}: line over 120 columns: {line}")
        if len(body) > 300:
            raise SystemExit(f"{file}: {len(body)} lines (the repository keeps files under 300)")
    return {file: "\n".join(body) for file, body in files.items()}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--forum-seeds", type=int, default=3)
    parser.add_argument("--width-seeds", type=int, default=WIDTH_SEEDS)
    parser.add_argument("--cache", help="JSON file of finished runs (read, then updated after every run)")
    parser.add_argument(
        "--output",
        default=os.path.join(here, "..", "..", "Examples", "Support"),
        help="folder for PyTorchWidthReference.swift and its +<runs>.swift files",
    )
    args = parser.parse_args()
    torch.set_num_threads(min(args.threads, 2))
    version = torch.__version__.split("+")[0]
    tool = f"torch {version}, float64, CPU"

    cache = {}
    if args.cache and os.path.exists(args.cache):
        with open(args.cache) as fh:
            cache = json.load(fh)

    plan = [(act, gain, width, WIDTH_BATCH, args.width_seeds) for act, gain in WIDTH_CONFIGS for width in WIDTHS]
    plan += [(act, gain, FORUM_WIDTH, FORUM_BATCH, args.forum_seeds) for act, gain in FORUM_CONFIGS]
    started = time.time()
    runs = []
    for activation, gain, width, batch, seeds in plan:
        run = {"activation": activation, "gain": gain, "width": width, "batch": batch}
        run.update(outputStd=[], gradientMeanAbs=[])
        seconds = []
        for seed in range(seeds):
            key = f"{activation} {gain!r} {width} {batch} {seed} {tool}"
            if key not in cache:
                t0 = time.time()
                stds, grads = measure(activation, gain, width, batch, seed)
                cache[key] = {"outputStd": stds, "gradientMeanAbs": grads, "seconds": time.time() - t0}
                if args.cache:
                    with open(args.cache, "w") as fh:
                        json.dump(cache, fh)
            seconds.append(cache[key]["seconds"])
            run["outputStd"].append(cache[key]["outputStd"])
            run["gradientMeanAbs"].append(cache[key]["gradientMeanAbs"])
        if seeds == 0:
            continue
        runs.append(run)
        std100 = [s[-1] for s in run["outputStd"]]
        grad0 = [g[0] for g in run["gradientMeanAbs"]]
        print(
            f"{activation:8} gain {gain_label(gain):7} width {width:4} batch {batch:4}: "
            f"std@100 {sum(std100) / len(std100):.4g} [{min(std100):.4g}, {max(std100):.4g}], "
            f"input mean|grad| {sum(grad0) / len(grad0):.4g} [{min(grad0):.4g}, {max(grad0):.4g}] "
            f"({sum(seconds) / len(seconds):.1f} s/run)",
            flush=True,
        )
    print(f"total {time.time() - started:.0f} s (runs measured now; cached runs cost nothing)")

    folder = args.output
    for file, text in render(runs, tool).items():
        path = os.path.join(folder, file)
        with open(path, "w") as fh:
            fh.write(text)
        # The repository's style (.swift-format), which CI lints: trailing commas, line breaks.
        if shutil.which("swift"):
            subprocess.run(["swift", "format", "-i", path], check=True)
        print(f"wrote {os.path.normpath(path)} ({len(text.encode()) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
