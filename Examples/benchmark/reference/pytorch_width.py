"""PyTorch's CPU time and memory for the forum's depth experiment, at several widths.

What: the experiment of the PyTorch forum thread "calculate_gain('tanh')" (and of our
GainSweepProbe): 100 layers ``nn.Linear(W, W, bias=False)`` initialized with
``nn.init.xavier_normal_(weight, gain=5/3)``, tanh after every layer, an input batch of 100
samples ~ N(0, 1) with ``requires_grad=True``, ``retain_grad()`` on every layer's output so
that the per-layer gradients are kept like ours, ``loss = b.sum()``, ``loss.backward()``.
Everything in float64 with ``torch.set_num_threads(1)``.

The layers are ``nn.Linear`` modules (not plain matmuls), exactly as in the forum snippet,
so their weights require grad and the backward computes the weight gradients as well, as
our Swift engine does (each dot node's backward adds to its weights' grads). With
``--frozen-weights`` the weights do not require grad and the backward computes only the
activations' gradients, the same work as the C floor (probe_floor.c).

Each width runs in a fresh subprocess, so that the peak RSS (``resource.getrusage``,
``ru_maxrss``, MiB) is that width's own. In the subprocess: the model is built (not timed),
then forward + backward is timed with ``time.process_time()`` (CPU seconds of the whole
process, all threads) ``--repeats`` times (each repeat builds a new graph), and the median
is reported. ``rss after import`` is the RSS of the process right after ``import torch``,
the part of the peak that does not depend on the width.

With ``--probe-floor /tmp/probe_floor`` it also runs the C floor at the same settings
(depth 100, batch 100, tanh, gain 1.6666666666666667, seed 0), ``--floor-repeats`` times per width,
and adds its median ``cpu_seconds`` (whole process, including drawing the weights) and
``forward_backward_seconds`` and its peak RSS to the table.

Tool: torch 2.15.0 (PyPI's default Linux wheel, run on the CPU), Python 3.11.

Run (from the package root):

    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch==2.15.0 numpy
    cc -O2 -o /tmp/probe_floor Examples/benchmark/reference/probe_floor.c -lm
    /tmp/torchvenv/bin/python Examples/benchmark/reference/pytorch_width.py --probe-floor /tmp/probe_floor

With ``--ours .build/release/benchmark`` it also runs our engine's ``benchmark probe W D B`` (the
same experiment with constant weights, like ``--frozen-weights``), and ``--json FILE`` writes the rows;
``.build/release/benchmark figure FILE Docs/figures/performance-widths.svg`` draws them.

Options: ``--widths 64,128,256,512,1000`` ``--depth 100`` ``--batch 100`` ``--repeats 5``
``--floor-repeats 3``
``--seed 0`` ``--frozen-weights`` ``--probe-floor PATH``.

Runtime: about a minute for PyTorch at the default widths on one core (width 1000 draws
10^8 weights twice: nn.Linear's own kaiming_uniform_ init, then xavier_normal_), plus
about 2 minutes for the C floor with 3 repeats.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time

GAIN = 5.0 / 3  # torch.nn.init.calculate_gain("tanh")


def rss_now_mb():
    """The current resident set size of this process, in MiB (Linux /proc)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(args):
    """One width, in its own process: build, time forward + backward, print one JSON line."""
    import torch
    import torch.nn as nn

    torch.set_num_threads(1)
    after_import = rss_now_mb()
    dtype = torch.float64
    width, depth, batch = args.width, args.depth, args.batch

    torch.manual_seed(args.seed)
    layers = []
    for _ in range(depth):
        layer = nn.Linear(width, width, bias=False, dtype=dtype)
        nn.init.xavier_normal_(layer.weight, gain=GAIN)
        if args.frozen_weights:
            layer.weight.requires_grad_(False)
        layers.append(layer)
    x = torch.randn(batch, width, dtype=dtype)

    def forward_backward():
        a = x.detach().clone().requires_grad_(True)
        outputs = []
        b = a
        for layer in layers:
            b = torch.tanh(layer(b))
            b.retain_grad()
            outputs.append(b)
        b.sum().backward()
        return a, outputs

    times = []
    for _ in range(args.repeats):
        for layer in layers:
            layer.weight.grad = None
        start = time.process_time()
        a, outputs = forward_backward()
        times.append(time.process_time() - start)
        std_last = outputs[-1].detach().std(unbiased=False).item()
        grad_input = a.grad.abs().mean().item()
        del a, outputs
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "width": width,
                "seconds": times,
                "peak_mb": peak,
                "rss_after_import_mb": after_import,
                "std_last": std_last,
                "grad_input": grad_input,
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
            }
        )
    )


def run_floor(path, width, args):
    """The C floor at one width: median cpu_seconds and fwd+bwd seconds, and the peak RSS."""
    runs = []
    for _ in range(args.floor_repeats):
        command = [path, "--activation", "tanh", "--gain", repr(GAIN), "--depth", str(args.depth)]
        command += ["--width", str(width), "--batch", str(args.batch), "--seed", str(args.seed)]
        text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        found = re.search(r"cpu_seconds=(\S+) forward_backward_seconds=(\S+) peak_rss_mb=(\S+)", text)
        runs.append(tuple(float(v) for v in found.groups()))
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        max(r[2] for r in runs),
        [r[0] for r in runs],
    )


def run_ours(path, width, args):
    """Our engine at one width (`benchmark probe W D B`, release): median cpu_seconds, the
    forward + backward wall seconds of that run, and the peak RSS (MiB)."""
    runs = []
    for _ in range(args.floor_repeats):
        command = [path, "probe", str(width), str(args.depth), str(args.batch)]
        text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        forward = float(re.search(r"forward=(\S+)s", text).group(1))
        backward = float(re.search(r"backward=(\S+)s", text).group(1))
        peak = float(re.search(r"peak=(\S+) MB", text).group(1))
        cpu = float(re.search(r"cpu_seconds=(\S+)", text).group(1))
        runs.append((cpu, forward + backward, peak))
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        max(r[2] for r in runs),
        [r[0] for r in runs],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--widths", default="64,128,256,512,1000")
    parser.add_argument("--depth", type=int, default=100)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5, help="PyTorch timings per width")
    parser.add_argument("--floor-repeats", type=int, default=3, help="C floor runs per width")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--frozen-weights", action="store_true", help="weights do not require grad")
    parser.add_argument("--probe-floor", metavar="PATH", help="also run this probe_floor binary at each width")
    parser.add_argument("--ours", metavar="PATH", help="also run our benchmark binary (probe W D B) at each width")
    parser.add_argument("--json", metavar="FILE", help="also write every row as JSON")
    parser.add_argument("--width", type=int, help=argparse.SUPPRESS)  # set in the child process
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    widths = [int(w) for w in args.widths.split(",")]
    print(
        f"depth {args.depth}, batch {args.batch}, tanh, xavier_normal_(gain 5/3), float64, 1 thread, "
        f"seed {args.seed}, median of {args.repeats} PyTorch / {args.floor_repeats} C runs; "
        + ("weights frozen (activation grads only)" if args.frozen_weights else "weights require grad (nn.Linear)")
    )
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    rows = []
    for width in widths:
        command = [sys.executable, os.path.abspath(__file__), "--child", "--width", str(width)]
        command += ["--depth", str(args.depth), "--batch", str(args.batch), "--repeats", str(args.repeats)]
        command += ["--seed", str(args.seed)] + (["--frozen-weights"] if args.frozen_weights else [])
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        floor = run_floor(args.probe_floor, width, args) if args.probe_floor else None
        ours = run_ours(args.ours, width, args) if args.ours else None
        rows.append((result, floor, ours))
        print(
            f"  width {width}: torch {result['torch']} runs {[round(t, 3) for t in result['seconds']]} s, "
            f"std@{args.depth} {result['std_last']:.4f}, input mean|grad| {result['grad_input']:.4g}"
            + (f"; C floor cpu_seconds {floor[3]}" if floor else "")
            + (f"; ours cpu_seconds {ours[3]}" if ours else ""),
            flush=True,
        )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print()
    header = "| width | PyTorch fwd+bwd CPU s | PyTorch peak RSS MiB (after import) |"
    rule = "|---:|---:|---:|"
    if args.probe_floor:
        header += " C floor CPU s (fwd+bwd) | C floor peak RSS MiB |"
        rule += "---:|---:|"
    if args.ours:
        header += " ours CPU s (fwd+bwd) | ours peak RSS MiB |"
        rule += "---:|---:|"
    print(header)
    print(rule)
    for result, floor, ours in rows:
        line = (
            f"| {result['width']} | {statistics.median(result['seconds']):.3f} | "
            f"{result['peak_mb']:.0f} ({result['rss_after_import_mb']:.0f}) |"
        )
        if floor:
            line += f" {floor[0]:.2f} ({floor[1]:.2f}) | {floor[2]:.0f} |"
        if ours:
            line += f" {ours[0]:.2f} ({ours[1]:.2f}) | {ours[2]:.0f} |"
        print(line)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(
                [
                    {
                        "width": result["width"],
                        "pytorch_seconds": statistics.median(result["seconds"]),
                        "pytorch_peak_mib": result["peak_mb"],
                        "floor_cpu_seconds": floor[0] if floor else None,
                        "floor_peak_mib": floor[2] if floor else None,
                        "ours_cpu_seconds": ours[0] if ours else None,
                        "ours_peak_mib": ours[2] if ours else None,
                    }
                    for result, floor, ours in rows
                ],
                fh,
                indent=1,
            )


if __name__ == "__main__":
    main()
