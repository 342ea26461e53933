#!/usr/bin/env python3
"""Points the line links of the engine's and the NN's README at where their quoted code is now.

Each row `| … | [File.swift:12](File.swift#L12) | `the line` |` names a file and quotes a line of it; after
the code moves, this rewrites 12 to the line that holds the quote now (the first one). The tests
(EngineReadmeTests, NNReadmeTests) fail until it is run.

    python3 .ci/readme-lines.py
"""
import re

ROW = re.compile(r"\[([A-Za-z+/]+\.swift):(\d+)\]\(\1#L\2\) \| `([^`]+)` \|")

for folder in ["Sources/MicrogradEngine", "Sources/MicrogradNN"]:
    path = f"{folder}/README.md"
    text = open(path).read()

    def fix(m):
        lines = open(f"{folder}/{m[1]}").read().split("\n")
        line = next(i + 1 for i, l in enumerate(lines) if m[3] in l)
        return f"[{m[1]}:{line}]({m[1]}#L{line}) | `{m[3]}` |"

    fixed = ROW.sub(fix, text)
    if fixed != text:
        open(path, "w").write(fixed)
        print(f"updated {path}")
