#!/usr/bin/env python3
"""Refreshes the tables in Docs/*.md from the examples' notebook pages.

A chapter marks a table it quotes from an example like this:

    <!-- table: gain-sweep "Output std after every 10th layer" -->
    | configuration | @10 | ... |
    <!-- end table -->

and this script replaces what is between the markers with the table of that title from
`FOLDER/gain-sweep.md` (an example's `--notebook` page, written by .ci/regenerate-docs), so the
numbers in the text are the numbers the example computed.

    python3 .ci/docs-tables.py FOLDER
"""

import glob
import re
import sys

MARKER = re.compile(r'<!-- table: (\S+) "([^"]+)" -->\n(.*?)<!-- end table -->\n', re.S)


def table(folder, example, title, current):
    """The table's rows from the example's page, or `current` if the page was not regenerated."""
    try:
        lines = open(f"{folder}/{example}.md").read().split("\n")
    except FileNotFoundError:
        return current
    start = lines.index(f"**{title.replace('|', chr(92) + '|')}**") + 2
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[start:end]) + "\n"


def main(folder):
    for path in sorted(glob.glob("Docs/*.md")):
        text = open(path).read()
        refreshed = MARKER.sub(
            lambda m: f'<!-- table: {m[1]} "{m[2]}" -->\n{table(folder, m[1], m[2], m[3])}<!-- end table -->\n', text
        )
        if refreshed != text:
            open(path, "w").write(refreshed)
            print(f"refreshed tables in {path}")


if __name__ == "__main__":
    main(sys.argv[1])
