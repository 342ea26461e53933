#!/usr/bin/env python3
"""Measures the peak resident memory of every probe and every example that allocates by size.

Each case runs one release executable (`swift build -c release` first) under `/usr/bin/time -f "%M %e"`
(peak resident set size in KiB, wall seconds), one at a time, in a scratch folder (the examples write
their figures to ./out), and the rows go to `Docs/data/memory.csv`:

    kind, width, depth, batch, samples, seeds, widths, notebook, processors, part5, steps, peak_kib, seconds, command

`processors` is the machine's (`os.cpu_count()`: the examples run some jobs that many at a time);
`part5` says whether width-sweep ran its part 5 (which reruns the configurations the theory misses, so
the run cannot know before it starts: its estimate assumes it does once there are two widths); and
`kind` names the estimate that must hold for the row (`MemoryEstimateTests.swift` checks every
measured row: the estimate is at least the peak and at most 25% above it):

    sweep                lab (GainSweepProbe, tanh): width, depth, batch
    sweep-lsuv           lab --init lsuv (the sweep after LSUV on its own batch)
    benchmark            benchmark probe WIDTH DEPTH BATCH
    spectrum             lab --probe spectrum (SpectrumProbe): width, depth, batch = its inputs
    spectrum-lsuv        lab --probe spectrum --init lsuv (LSUV on 128 samples first)
    saturation           lab --probe saturation (SaturationProbe): width, depth = hidden layers, batch
    norm-N-res-R         lab --norm N --residual R (NormalizationProbe), N in none/batch/layer,
                         R in none/plain/scaled/rezero
    gain-sweep           gain-sweep --width --depth --batch [--notebook]
    width-sweep          width-sweep --widths (widths = how many, width = the largest) --seeds
    fixed-point          fixed-point --width --seeds
    isometry             isometry --width --batch --samples
    normalization        normalization --depth --width --batch
    training-diagnostics training-diagnostics --width --depth --steps (batch 32)
    three-ways           three-ways --widths W --depths L (one size; batch 4)

The grid covers widths 1 … 1000 and depths 1 … 1000. A point whose run would take more than about
two minutes or need more than about 6 GB (by the rough guess in `guess`) is not run: its row has an
empty peak and the reason in `command`. Rerun everything with

    python3 Tests/Reference/measure_memory.py                 # about an hour on 2 cores
    python3 Tests/Reference/measure_memory.py --kinds sweep   # one kind (rows of other kinds are kept)

Not run by CI: the peaks depend on the allocator and the machine (glibc malloc, 64-bit Linux here).
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLUMNS = ["kind", "width", "depth", "batch", "samples", "seeds", "widths", "notebook", "processors", "part5",
           "steps", "peak_kib", "seconds", "command"]
MAX_SECONDS, MAX_BYTES = 120, 6e9

NORMS, RESIDUALS = ["none", "batch", "layer"], ["none", "plain", "scaled", "rezero"]


def case(kind, argv, width=0, depth=0, batch=0, samples=0, seeds=0, widths=0, notebook=0, steps=0):
    return dict(kind=kind, argv=argv, width=width, depth=depth, batch=batch, samples=samples, seeds=seeds,
                widths=widths, notebook=notebook, processors=os.cpu_count(), steps=steps)


def grid(widths, depths, batches):
    return [(w, l, b) for w in widths for l in depths for b in batches]


W, L = [1, 4, 16, 64, 256, 1000], [1, 10, 100, 1000]


def cases():
    out = []
    for w, l, b in grid(W, L, [2, 16, 128, 1000]):
        out.append(case("sweep", ["lab", "--width", w, "--depth", l, "--batch", b], w, l, b))
    for w, l, b in grid([1, 16, 256, 1000], L, [2, 128, 1000]):
        out.append(case("benchmark", ["benchmark", "probe", w, l, b], w, l, b))
        out.append(case("sweep-lsuv", ["lab", "--init", "lsuv", "--width", w, "--depth", l, "--batch", b], w, l, b))
    for w, l, s in grid(W, L, [2, 8]):
        out.append(case("spectrum", ["lab", "--probe", "spectrum", "--width", w, "--depth", l, "--batch", s], w, l, s))
    for w, l, s in grid([1, 16, 256], [1, 100], [2]):
        out.append(case("spectrum-lsuv", ["lab", "--probe", "spectrum", "--init", "lsuv", "--width", w, "--depth", l,
                                          "--batch", s], w, l, s))
    for w, l, b in grid(W, L, [2, 16, 256, 1000]):
        out.append(case("saturation", ["lab", "--probe", "saturation", "--width", w, "--depth", l, "--batch", b],
                        w, l, b))
    for norm in NORMS:
        for residual in RESIDUALS:
            if norm == "none" and residual == "none":
                continue  # the plain sweep
            main = (norm, residual) in [("batch", "none"), ("layer", "none"), ("none", "plain"), ("none", "rezero")]
            shape = grid(W, L, [2, 16, 128, 1000]) if main else grid([1, 16, 128], [1, 100], [2, 128])
            for w, l, b in shape:
                out.append(case(f"norm-{norm}-res-{residual}", ["lab", "--norm", norm, "--residual", residual,
                                                                "--width", w, "--depth", l, "--batch", b], w, l, b))
    for w, l, b in grid([1, 16, 128, 512], [1, 10, 100, 1000], [2, 128]):
        out.append(case("gain-sweep", ["gain-sweep", "--width", w, "--depth", l, "--batch", b], w, l, b))
    for w, l, b in grid([1, 128], [1, 100, 1000], [2, 128]):
        out.append(case("gain-sweep", ["gain-sweep", "--width", w, "--depth", l, "--batch", b, "--notebook", "nb"],
                        w, l, b, notebook=1))
    for ws in [[1], [16], [1, 2, 4, 8, 16], [128], [32, 64, 128, 256], [512], [1000]]:
        for s in [1, 3, 10]:
            out.append(case("width-sweep", ["width-sweep", "--widths", ",".join(map(str, ws)), "--seeds", s],
                            max(ws), 100, 100, seeds=s, widths=len(ws)))
    for ws, s in [([1], 100), ([1, 2], 100)]:
        out.append(case("width-sweep", ["width-sweep", "--widths", ",".join(map(str, ws)), "--seeds", s],
                        max(ws), 100, 100, seeds=s, widths=len(ws)))
    for w, s in [(w, s) for w in [1, 16, 128, 512] for s in [1, 4, 16]] + [(1, 100)]:
        out.append(case("fixed-point", ["fixed-point", "--width", w, "--seeds", s], w, 100, 32, seeds=s))
    for w, b, s in [(2, 2, 1), (2, 1000, 3), (8, 32, 3), (16, 256, 10), (64, 32, 3), (64, 1000, 3), (64, 2, 30),
                    (128, 32, 3), (128, 256, 1), (256, 32, 3), (256, 256, 3)]:
        out.append(case("isometry", ["isometry", "--width", w, "--batch", b, "--samples", s], w, 64, b, samples=s))
    for l, w, b in grid([12, 50, 200], [2, 16, 64, 128], [4, 32, 256]):  # --width is at least 2
        out.append(case("normalization", ["normalization", "--depth", l, "--width", w, "--batch", b], w, l, b))
    for w, l, t in grid([1, 16, 64, 256], [2, 6, 30, 100], [100]) + [(512, 2, 100), (32, 6, 300), (32, 6, 1000), (16, 30, 1000)]:
        out.append(case("training-diagnostics", ["training-diagnostics", "--width", w, "--depth", l, "--steps", t],
                        w, l, 32, steps=t))
    for w, l in [(w, l) for w in [1, 2, 4, 16, 64, 256, 1000] for l in [1, 4, 16, 64, 256, 1000]] + [(1, 3000),
                                                                                                    (4096, 2)]:
        out.append(case("three-ways", ["three-ways", "--widths", w, "--depths", l], w, l, 4))
    return out


def guess(c):
    """A rough (bytes, seconds) for a case, to skip what would take minutes or too much memory."""
    k, w, l, b, s = c["kind"], c["width"], c["depth"], c["batch"], c["samples"]
    orthogonal = l * w ** 3 * 1.8e-8  # LSUV starts from orthogonal layers: a QR of every layer's weights
    if k in ("sweep", "benchmark"):
        return l * (300 * w * b + 8 * w * w), l * w * b * 1.5e-6 + l * b * w * w * 4e-9
    if k == "sweep-lsuv":
        return l * (300 * w * b + 8 * w * w), l * w * b * 1.5e-6 + l * b * w * w * 4e-9 + orthogonal
    if k.startswith("spectrum"):
        return l * 8 * w * w + 300 * l * w, b * (w * (l * w * w * 3e-9 + l * w * 2e-7) + w ** 3 * 3e-8) + (
            orthogonal if k == "spectrum-lsuv" else 0)
    if k == "saturation":
        return l * (150 * w * w + 300 * w * b), l * w * b * 2e-6 + l * b * w * w * 6e-9 + l * w * w * 3e-7
    if k.startswith("norm-"):
        return l * 1500 * w * b + l * 8 * w * w, l * w * b * 8e-6 + l * b * w * w * 4e-9
    if k == "gain-sweep":
        return 2 * l * (300 * w * b + 8 * w * w), 4 * (l * w * b * 1.5e-6 + l * b * w * w * 4e-9) + 2
    if k == "width-sweep":
        runs = 5 * c["seeds"] * c["widths"] * (1e4 * w * 1.5e-6 + 1e4 * w * w * 4e-9) / 2
        return 2 * 100 * (400 * w * 100 + 8 * w * w), runs + 0.1 * c["seeds"] * c["widths"] + 1
    if k == "fixed-point":
        return 2 * 100 * (300 * w * 32 + 8 * w * w), 4 * c["seeds"] * (3200 * w * 1.5e-6 + 3200 * w * w * 4e-9) + 2
    if k == "isometry":
        spectra = 10 * (w / 64) ** 2.3 * (0.3 + 0.7 * s / 3)
        return 64 * (300 * w * b + 16 * w * w), 5 + spectra + 8 * 64 * w * b * 1.5e-6
    if k == "normalization":
        return 2 * l * 2 * w * 128 * 900 + 16 * l * w * w, 6e-6 * l * w * (700 + 10 * b) + 6
    if k == "three-ways":  # every way is timed within its budget; element by element grows with depth
        p = 3 * w + (l - 1) * (w + 1) * w + w + 1
        return 150 * p + 50e3 * l, 2 + l * 0.02 + p * 1e-6
    if k == "training-diagnostics":
        return 2 * (300 * l * w * w + 1500 * l * w * b), 2.5 * c["steps"] * l * b * (w * w * 2.9e-8 + w * 1.5e-6)
    raise ValueError(k)


def run(c, build, scratch):
    """(peak KiB, seconds, standard output), or (None, the failure, "")."""
    argv = [os.path.join(build, c["argv"][0])] + [str(a) for a in c["argv"][1:]]
    timed = subprocess.run(["/usr/bin/time", "-f", "%M %e"] + argv, cwd=scratch, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=dict(os.environ, SWIFT_BACKTRACE="enable=no"))
    last = timed.stderr.strip().splitlines()[-1]
    if timed.returncode != 0:
        return None, f"failed with status {timed.returncode}: {timed.stderr.strip().splitlines()[0][:200]}", ""
    kib, seconds = last.split()
    return int(kib), float(seconds), timed.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(REPOSITORY, ".build", "release"))
    parser.add_argument("--out", default=os.path.join(REPOSITORY, "Docs", "data", "memory.csv"))
    parser.add_argument("--kinds", nargs="*", help="measure only these kinds (prefixes); keep the other rows")
    parser.add_argument("--list", action="store_true", help="print the cases and their guesses, run nothing")
    parser.add_argument("--resume", action="store_true", help="keep the measured rows of --out, run the rest")
    args = parser.parse_args()
    existing = []
    if (args.kinds or args.resume) and os.path.exists(args.out):
        with open(args.out) as f:
            existing = list(csv.DictReader(f))

    def selected(kind):
        return not args.kinds or any(kind.startswith(k) for k in args.kinds)

    kept = [r for r in existing if not selected(r["kind"])]  # other kinds, as they were
    todo = [c for c in cases() if selected(c["kind"])]
    if args.resume:  # keep what was measured, run the rest
        measured = [r for r in existing if selected(r["kind"]) and r["peak_kib"]]
        commands = {r["command"] for r in measured}
        kept += measured
        todo = [c for c in todo if " ".join(str(a) for a in c["argv"]) not in commands]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, c in enumerate(todo):
            command = " ".join(str(a) for a in c["argv"])
            size, guessed = guess(c)
            row = {k: c[k] for k in COLUMNS if k in c} | {"peak_kib": "", "seconds": "", "command": command}
            if size > MAX_BYTES or guessed > MAX_SECONDS:
                row["command"] = f"skipped (about {size / 1e9:.1f} GB, {guessed:.0f} s): {command}"
            elif not args.list:
                peak, seconds, output = run(c, args.build, scratch)
                if peak is None:
                    row["command"] = f"{seconds}: {command}"  # seconds: the failure
                else:
                    row["peak_kib"], row["seconds"] = peak, seconds
                    if c["kind"] == "width-sweep":
                        row["part5"] = int("5. Where the prediction misses" in output)
            print(f"[{index + 1}/{len(todo)}] {row['peak_kib'] or '-':>9} KiB {row['seconds'] or '-':>7} s  "
                  f"{row['command']}" + (f"  (guess {size / 1e6:.0f} MB, {guessed:.1f} s)" if args.list else ""),
                  flush=True)
            rows.append(row)
            if not args.list:
                write(args.out, kept + rows)  # after every row: an interrupted run keeps what it measured


def write(path, rows):
    """Writes the rows in the order of `cases()`."""
    index = {" ".join(str(a) for a in c["argv"]): i for i, c in enumerate(cases())}

    def order(row):
        return index.get(row["command"].split(": ")[-1], len(index))

    with open(path + ".partial", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=order))
    os.replace(path + ".partial", path)


if __name__ == "__main__":
    sys.exit(main())
