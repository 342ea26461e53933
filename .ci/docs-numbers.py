#!/usr/bin/env python3
"""Refreshes the numbers that Docs/*.md and README.md quote from the examples' runs.

A chapter marks what it quotes from a run (RUN is an example's name, or NAME@LABEL for a run with other
settings; Docs/data/runs.txt lists every run and its arguments):

    <!-- table: gain-sweep "Output std after every 10th layer" -->
    | configuration | @10 | ... |
    <!-- end table -->

    ... the orthogonal network's spread is <!-- value: isometry "TITLE" "orthogonal | 64" "spread" -->1.37 ...

A table is replaced by the table of that title in FOLDER/RUN.md (the run's `--notebook` page, written by
.ci/regenerate-docs). A value is one cell of a table in Docs/data/RUN.json: ROW is the text of the row's leading
cells joined by " | " (or #N, the N-th row from 1), COLUMN a column's name (or #N) — a number cell, or a text cell
that starts with a number ("1.593 (std 0.651)", "→ 1 (limit)"), its leading number; the number after the marker
is rewritten with the same number of digits (decimals, or significant digits in e-notation, or a percent).
Tests/ExampleTests/DocsNumbersTests.swift checks every marker against the committed data.

    python3 .ci/docs-numbers.py FOLDER
"""

import glob
import json
import re
import sys

TABLE = re.compile(r'<!-- table: (\S+) "([^"]+)" -->\n(.*?)<!-- end table -->\n', re.S)
NUMBER = r"[−+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?%?"
VALUE = re.compile(r'(<!-- value: (\S+) "([^"]+)" "([^"]+)" "([^"]+)" -->)(' + NUMBER + ")")


def table(folder, run, title, current):
    """The table's rows from the run's notebook page, or `current` if the page was not regenerated."""
    try:
        lines = open(f"{folder}/{run}.md").read().split("\n")
    except FileNotFoundError:
        return current
    start = lines.index(f"**{title.replace('|', chr(92) + '|')}**") + 2
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[start:end]) + "\n"


def cell_matches(part, cell):
    """Whether a row key's part names this cell: the same text, or the same number."""
    if isinstance(cell, str):
        return cell.strip() == part
    try:
        return float(part) == float(cell)
    except ValueError:
        return False


def lookup(run, title, row, column):
    """The number in Docs/data/RUN.json's table TITLE at ROW and COLUMN."""
    data = json.load(open(f"Docs/data/{run}.json"))
    tables = [t for t in data["tables"] if t["title"] == title]
    if len(tables) != 1:
        raise SystemExit(f"{run}: {len(tables)} tables titled “{title}”")
    columns, rows = tables[0]["columns"], tables[0]["rows"]
    if row.startswith("#"):
        matches = [rows[int(row[1:]) - 1]]
    else:
        parts = [p.strip() for p in row.split(" | ")]
        matches = [r for r in rows if all(cell_matches(p, c) for p, c in zip(parts, r))]
    if len(matches) != 1:
        raise SystemExit(f"{run} “{title}”: {len(matches)} rows match “{row}”")
    index = int(column[1:]) - 1 if column.startswith("#") else columns.index(column)
    value = matches[0][index]
    if isinstance(value, str):
        special = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}
        if value in special:
            return special[value]
        # A text cell that shows several numbers ("1.593 (std 0.651, χ₁ 1.21)"): its leading one.
        leading = re.match(r"^(?:→ )?([−-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)", value)
        if not leading:
            raise SystemExit(f"{run} “{title}” [{row}] [{column}]: “{value}” does not start with a number")
        return float(leading[1].replace("−", "-"))
    return value


def shown_like(value, shown):
    """`value` written with as many digits as `shown`, in its style (e-notation, percent, minus sign)."""
    minus = "−" if shown.startswith("−") else "-"
    body = shown.lstrip("−+-")
    percent = body.endswith("%")
    body = body.rstrip("%")
    if percent and abs(100 * value - float(body)) < abs(value - float(body)):
        value *= 100  # a fraction shown as a percent
    mantissa, _, exponent = body.partition("e")
    if exponent:
        digits = len(mantissa.replace(".", "").lstrip("0")) or 1
        text = f"{abs(value):.{digits - 1}e}"
        m, _, e = text.partition("e")
        e = int(e)
        text = m + "e" + (f"{e:+03d}" if exponent[0] in "+-" and len(exponent) > 2 else str(e))
    else:
        decimals = len(mantissa.partition(".")[2])
        text = f"{abs(value):.{decimals}f}"
    sign = minus if value < 0 else ("+" if shown.startswith("+") else "")
    return sign + text + ("%" if percent else "")


def main(folder):
    for path in sorted(glob.glob("Docs/*.md")) + ["README.md"]:
        text = open(path).read()
        refreshed = TABLE.sub(
            lambda m: f'<!-- table: {m[1]} "{m[2]}" -->\n{table(folder, m[1], m[2], m[3])}<!-- end table -->\n', text
        )
        refreshed = VALUE.sub(lambda m: m[1] + shown_like(lookup(m[2], m[3], m[4], m[5]), m[6]), refreshed)
        if refreshed != text:
            open(path, "w").write(refreshed)
            print(f"refreshed numbers in {path}")


if __name__ == "__main__":
    main(sys.argv[1])
