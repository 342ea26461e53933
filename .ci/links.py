#!/usr/bin/env python3
"""Every relative link resolves: in the repository's Markdown, and on the DocC site built from it.

    python3 .ci/links.py [FILE.md ...]        # the repository's Markdown (default: every *.md git knows)
    python3 .ci/links.py --catalog SRC DEST   # Docs/*.md into the catalog DEST, links rewritten for DocC
    python3 .ci/links.py --archive ARCHIVE    # after `docc convert`: every link in the render JSON resolves
    python3 .ci/links.py --self-test          # the checker finds the dead links of a page made for it

In Markdown, `[text](path)` and `![alt](path)` must name a file or folder (relative to the Markdown file, or
to the repository with a leading `/`) that git does not ignore; `path#anchor` and `#anchor` a heading of that
Markdown file by GitHub's rule (github-slugger: lowercase; letters, marks, digits, `_`, `-` and spaces kept,
every other character dropped; each space a `-`; a repeated slug gets `-1`, `-2`, …); `File.swift#L12`
(or `#L12-L20`) a file of at least that many lines. Links with a scheme (https:, mailto:, doc:) are not
checked; code, code spans and HTML comments (the value markers) hold no links.

--catalog writes Docs/NAME.md as DEST/NAMEChapter.md without its value markers, and rewrites the links of
every chapter and of SRC's articles (copied to DEST before): a chapter link becomes `<doc:NAMEChapter>` or
`[text](doc:NAMEChapter#Heading)` (DocC's anchor: the heading's words joined by `-`, punctuation dropped,
case kept; docc fails on one that does not resolve); an image is copied to DEST/Resources and named by file
name; any other file of the repository is not on the site, so its link becomes its text and `path` in code.
Exit status: 0 all resolve, 1 a dead link (one line each), 2 bad arguments.
"""
import difflib
import functools
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from urllib.parse import quote, unquote

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LINE_ANCHOR = re.compile(r"^L(\d+)(?:C\d+)?(?:-L(\d+)(?:C\d+)?)?$")
SAFE = "!$&'*+,;=:@/?-._~"  # kept as they are in a link's fragment (RFC 3986), with letters and digits
IMAGE = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
VALUE_MARKER = re.compile(r"<!-- value: .*? -->")  # .ci/docs-numbers.py's markers: comments for the tests
INLINE = re.compile(r"<!--.*?-->|(?<![`\\])(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


# --- Markdown: where the links and headings are ---------------------------------------------------------------


def mask(text):
    """The text with fenced code, code spans and HTML comments blanked: same length, same lines."""
    chars, pos, fence = list(text), 0, None

    def blank(a, b):
        chars[a:b] = [c if c == "\n" else " " for c in text[a:b]]

    for line in text.splitlines(keepends=True):
        m = re.match(r"\s*(`{3,}|~{3,})", line)
        if fence is None and m and not (m[1][0] == "`" and "`" in line[m.end() :]):
            fence = m[1]
            blank(pos, pos + len(line))
        elif fence is not None:
            blank(pos, pos + len(line))
            if m and m[1][0] == fence[0] and len(m[1]) >= len(fence) and not line[m.end() :].strip():
                fence = None
        pos += len(line)
    for m in INLINE.finditer("".join(chars)):
        blank(m.start(), m.end())
    return "".join(chars)


def escaped(s, i):
    n = 0
    while i - n - 1 >= 0 and s[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def closing(s, i, open_, close):
    """The index of the bracket that closes s[i], within one paragraph, or None."""
    depth = 0
    for k in range(i, len(s)):
        if s[k] == "\n":
            end = s.find("\n", k + 1)
            if not s[k + 1 : end if end >= 0 else len(s)].strip():
                return None  # a blank line (or blanked code) ends the paragraph
        if escaped(s, k):
            continue
        depth += (s[k] == open_) - (s[k] == close)
        if depth == 0:
            return k
    return None


def destination(s, k):
    """(destination, index after the closing paren) of an inline link whose `(` is s[k], or None."""
    k += 1
    while k < len(s) and s[k] in " \t\n":
        k += 1
    if s[k : k + 1] == "<":
        end = s.find(">", k)
        if end < 0 or "\n" in s[k:end]:
            return None
        dest, k = s[k + 1 : end], end + 1
    else:
        start, depth = k, 0
        while k < len(s) and not s[k].isspace() and not (s[k] == ")" and depth == 0 and not escaped(s, k)):
            depth += (s[k] == "(") - (s[k] == ")") if not escaped(s, k) else 0
            k += 1
        dest = s[start:k]
    while k < len(s) and s[k] in " \t\n":
        k += 1
    if k < len(s) and s[k] in "\"'(":
        end = s.find({"(": ")"}.get(s[k], s[k]), k + 1)
        if end < 0:
            return None
        k = end + 1
        while k < len(s) and s[k] in " \t\n":
            k += 1
    return (dest, k + 1) if s[k : k + 1] == ")" else None


def links(text):
    """(start, end, kind, text, destination, line) of every link: kind is "link", "image", "definition" or "html"."""
    m, found, i = mask(text), [], 0
    while (i := m.find("[", i)) >= 0:
        j = None if escaped(m, i) else closing(m, i, "[", "]")
        parsed = destination(m, j + 1) if j is not None and m[j + 1 : j + 2] == "(" else None
        if parsed:
            image = i > 0 and m[i - 1] == "!" and not escaped(m, i - 1)
            kind = "image" if image else "link"
            found.append((i - image, parsed[1], kind, text[i + 1 : j], parsed[0], text.count("\n", 0, i) + 1))
        i += 1
    for d in re.finditer(r"^ {0,3}\[([^\]]+)\]:[ \t]*(?:<([^>]*)>|(\S+))", m, re.M):
        found.append((d.start(), d.end(), "definition", d[1], d[2] or d[3], text.count("\n", 0, d.start()) + 1))
    for a in re.finditer(r"<(?:a|img)\b[^>]*?\b(?:href|src)=\"([^\"]*)\"", m):
        found.append((a.start(), a.end(), "html", "", a[1], text.count("\n", 0, a.start()) + 1))
    return sorted(found)


def headings(text):
    """The raw text of every heading (ATX and setext) outside code, in order."""
    masked, lines, found = mask(text).split("\n"), text.split("\n"), []
    for n, line in enumerate(lines):
        if not masked[n].strip():
            continue
        if m := re.match(r" {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$", line):
            found.append(m[1] or "")
        elif n > 0 and re.match(r" {0,3}(=+|-+)[ \t]*$", line) and masked[n - 1].strip():
            if not re.match(r" {0,3}([#>|*+-]|\d+[.)] |(=+|-+)[ \t]*$)", lines[n - 1]):
                found.append(lines[n - 1].strip())
    return found


def plain(raw, code=lambda c: c):
    """A heading's text as rendered: no emphasis, links, tags or escapes; code spans through `code`."""
    spans = []

    def stash(m):
        content = m[2]
        if content.startswith(" ") and content.endswith(" ") and content.strip():
            content = content[1:-1]
        spans.append(code(content))
        return f"\0{len(spans) - 1}\0"

    s = CODE_SPAN.sub(stash, raw)
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)|<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", "", s)
    while (t := re.sub(r"\[((?:[^\[\]]|\\.)*)\]\([^)]*\)", r"\1", s)) != s:
        s = t
    s = re.sub(r"~~(.+?)~~", r"\1", s.replace("*", ""))
    s = re.sub(r"(?<![\w\\])_+(?=[^\s_])|(?<=[^\s_])_+(?!\w)", "", s)
    s = html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s))
    return re.sub(r"\0(\d+)\0", lambda m: spans[int(m[1])], s)


@functools.cache
def github_slugs(text):
    """GitHub's anchor of every heading (github-slugger), and of every HTML `id`/`name`."""

    def kept(c):
        cat = unicodedata.category(c)
        circled = 0x24B6 <= ord(c) <= 0x24E9 or 0x1F130 <= ord(c) <= 0x1F189  # Alphabetic symbols
        return c in " -" or cat[0] in "LM" or cat in ("Nd", "Nl", "Pc") or circled

    slugs, seen = [], {}
    for raw in headings(text):
        base = "".join(c for c in plain(raw).lower() if kept(c)).replace(" ", "-")
        slug = base
        while slug in seen:
            seen[base] += 1
            slug = f"{base}-{seen[base]}"
        seen[slug] = 0
        slugs.append((slug, raw))
    slugs += [(a, None) for a in re.findall(r"<a\b[^>]*?\b(?:id|name)=\"([^\"]+)\"", mask(text))]
    return slugs


def docc_fragment(raw, link=False):
    """DocC's anchor of a heading (SwiftDocC's urlReadableFragment of its plain text: the words joined by `-`,
    then punctuation dropped). As a link's fragment, which DocC passes through the same function, a word of
    punctuation alone is kept as `.`, so that its `--` survives."""
    words = [w for w in re.split(r"[\s\-\u2013\u2014]+", plain(raw, lambda c: f"`{c}`")) if w]
    words = ["".join(c for c in w if not (unicodedata.category(c)[0] == "P" or c == "`")) for w in words]
    return "-".join(w or ("." if link else "") for w in words)


# --- The repository's Markdown ---------------------------------------------------------------------------------


def git(*args):
    """(exit status, output lines) of a git command in the repository; (None, []) without git."""
    try:
        run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except FileNotFoundError:
        return None, []
    return run.returncode, run.stdout.split("\n")[:-1]


@functools.cache
def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def resolve(source, dest):
    """(repository path, anchor, query) a relative link of `source` names; None for a link with a scheme."""
    if SCHEME.match(dest):
        return None
    dest, _, anchor = dest.partition("#")
    dest, _, query = dest.partition("?")
    if not dest:
        return source, unquote(anchor), query
    base = "" if dest.startswith("/") else os.path.dirname(source)
    return os.path.normpath(os.path.join(base, unquote(dest).lstrip("/"))), unquote(anchor), query


@functools.cache
def problem(path, anchor, query, here=False):
    """Why the repository path and anchor do not resolve, or None (`here`: a link within its own file)."""
    full = os.path.join(ROOT, path)
    if path == ".." or path.startswith("../"):
        return "leaves the repository"
    if not os.path.exists(full):
        return "no such file or folder"
    if not here and git("check-ignore", "-q", path)[0] == 0:
        return "names a file git ignores: it is not in the repository"
    if not anchor:
        return None
    if os.path.isdir(full):
        return "an anchor on a folder"
    if path.endswith(".md") and "plain=1" not in query:
        slugs = [s for s, _ in github_slugs(read(path))]
        if anchor in slugs:
            return None
        near = difflib.get_close_matches(anchor, slugs, 1)
        return f"no heading #{anchor} in {path}" + (f" (#{near[0]}?)" if near else "")
    if not (m := LINE_ANCHOR.match(anchor)):
        return f"#{anchor} on a file that is not Markdown (only #L<line> works there)"
    with open(full, "rb") as f:
        data = f.read()
    count = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    wanted = max(int(m[1]), int(m[2] or 0))
    return None if wanted <= count else f"line {wanted}, but {path} has {count} lines"


def markdown_files():
    status, tracked = git("ls-files", "--cached", "--others", "--exclude-standard", "*.md")
    if status != 0:
        return sorted(os.path.relpath(p, ROOT) for p in glob.glob(f"{ROOT}/**/*.md", recursive=True))
    return sorted(p for p in set(tracked) if os.path.exists(os.path.join(ROOT, p)))


def check_markdown(files):
    dead, count = [], 0
    for source in files:
        for _, _, _, text, dest, line in links(read(source)):
            if target := resolve(source, dest):
                count += 1
                if why := problem(*target, here=target[0] == source):
                    dead.append(f"{source}:{line}: ({dest}): {why}")
    print("\n".join(dead) if dead else f"links: {count} relative links in {len(files)} Markdown files resolve")
    return 1 if dead else 0


# --- The DocC catalog ------------------------------------------------------------------------------------------


def landing(path):
    """Whether a catalog's Markdown file is the module's landing page (its title a symbol link)."""
    return (headings(read(path))[:1] or [""])[0].startswith("``")


def rewrite(source, text, names, dest_catalog):
    """The text of `source` with its links as they work on the DocC site (`names`: the articles' paths)."""
    out, last = [], 0
    for start, end, kind, label, dest, line in links(text):
        target = resolve(source, dest)
        if start < last or target is None or kind not in ("link", "image"):
            continue
        path, anchor, _ = target
        if why := problem(*target, here=path == source):
            sys.exit(f"links: {source}:{line}: ({dest}): {why}")
        shown = label.replace("`", "").strip()
        if kind == "image" and path.lower().endswith(IMAGE):
            copy = os.path.join(dest_catalog, "Resources", os.path.basename(path))
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            shutil.copyfile(os.path.join(ROOT, path), copy)
            new = f"![{label}]({os.path.basename(path)})"
        elif path in names:
            raw = dict(github_slugs(read(path))).get(anchor) if anchor else None
            link = f"doc:{names[path]}" + (f"#{quote(docc_fragment(raw, link=True), safe=SAFE)}" if raw else "")
            bare = not shown or shown in (dest, os.path.basename(path), path)
            new = f"<{link}>" if bare else f"[{label}]({link})"
        else:
            m = LINE_ANCHOR.match(anchor)
            code = path + ("/" if os.path.isdir(os.path.join(ROOT, path)) else "")
            code += (f":{m[1]}" + (f"-{m[2]}" if m[2] else "")) if m else ""
            same = not shown or shown.rstrip("/") in (dest.rstrip("/"), path, os.path.basename(path))
            new = f"`{code}`" if same else f"{label} (`{code}`)"
        out.append(text[last:start] + new)
        last = end
    return "".join(out) + text[last:]


def write_catalog(source_catalog, dest_catalog):
    """Docs/NAME.md as DEST/NAMEChapter.md, and the source catalog's Markdown, with links for DocC."""
    catalog = glob.glob(f"{source_catalog}/**/*.md", root_dir=ROOT, recursive=True)
    names = {p: os.path.basename(p)[:-3] + "Chapter" for p in glob.glob("Docs/*.md", root_dir=ROOT)}
    names |= {p: os.path.basename(p)[:-3] for p in catalog if not landing(p)}
    for path in sorted(set(names) | set(catalog)):
        copy = os.path.join(dest_catalog, os.path.relpath(path, source_catalog))
        if path.startswith("Docs/"):
            copy = os.path.join(dest_catalog, names[path] + ".md")
        with open(copy, "w", encoding="utf-8") as f:
            f.write(VALUE_MARKER.sub("", rewrite(path, read(path), names, dest_catalog)))
    return 0


# --- The converted archive -------------------------------------------------------------------------------------


def walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def check_archive(archive):
    data = os.path.join(archive, "data")
    pages = {}
    for path in glob.glob("**/*.json", root_dir=data, recursive=True):
        with open(os.path.join(data, path), encoding="utf-8") as f:
            pages["/" + path[:-5].lower()] = json.load(f)
    anchors = {u: {unquote(n["anchor"]) for n in walk(p) if isinstance(n.get("anchor"), str)} for u, p in pages.items()}
    dead, count = [], 0
    for url, page in sorted(pages.items()):
        refs = page.get("references", {})
        used = {n["identifier"] for n in walk(page) if n.get("type") == "reference" and "identifier" in n}
        dead += [f"{url}: reference {r} has no target" for r in sorted(used - refs.keys())]
        for ref in refs.values():
            targets = [ref.get("url")] + [v.get("url") for v in ref.get("variants", [])]
            for target in filter(None, targets):
                if SCHEME.match(target):
                    continue
                count += 1
                where, _, anchor = unquote(target).partition("#")
                if not where.startswith("/"):
                    dead.append(f"{url}: {target}: a relative link (the site has no such page)")
                elif where.lower() in pages:
                    if not os.path.exists(os.path.join(archive, where.lstrip("/"), "index.html")):
                        dead.append(f"{url}: {target}: no static page {where}/index.html")
                    if anchor and anchor not in anchors[where.lower()]:
                        dead.append(f"{url}: {target}: no heading #{anchor} on {where}")
                elif not os.path.isfile(os.path.join(archive, where.lstrip("/"))):
                    dead.append(f"{url}: {target}: no such page or file in the archive")
    for chapter in sorted(glob.glob("Docs/*.md", root_dir=ROOT)):
        if not any(url.endswith(f"/{os.path.basename(chapter)[:-3].lower()}chapter") for url in pages):
            dead.append(f"{chapter}: no page on the site")
    print("\n".join(dead) if dead else f"links: {count} links in {len(pages)} pages of {archive} resolve")
    return 1 if dead else 0


SELF_TEST = """# Self-test

## Same file, `code` and *emphasis*

[fine](../../Docs/MeanField.md#how-wide-is-wide-enough) [fine](#same-file-code-and-emphasis) [fine](../../Docs/)
[fine](../../Sources/MicrogradEngine/Value.swift#L1) [fine](https://example.org/x.md) <!-- value: x "T" "r" "c" -->1.5
`[code](not-checked.md)` <!-- [comment](not-checked.md) -->

```
[fenced](not-checked.md)
```

[dead file](../../Docs/NoSuchChapter.md) and [a dead
anchor](../../Docs/MeanField.md#how-wide-is-wide-enuogh) ![dead image](../../Docs/figures/nope.svg)
[dead line](../../Sources/MicrogradEngine/Value.swift#L100000) [dead here](#no-such-heading) [ignored](../../.build)
"""


def self_test():
    """The checker finds exactly the six dead links of a Markdown file written for the purpose."""
    source = ".build/links-self-test/Test.md"
    os.makedirs(os.path.join(ROOT, os.path.dirname(source)), exist_ok=True)
    with open(os.path.join(ROOT, source), "w", encoding="utf-8") as f:
        f.write(SELF_TEST)
    targets = [(line, dest, resolve(source, dest)) for *_, dest, line in links(SELF_TEST)]
    found = [(line, dest) for line, dest, t in targets if t and problem(*t, here=t[0] == source)]
    expected = [(13, "../../Docs/NoSuchChapter.md"), (13, "../../Docs/MeanField.md#how-wide-is-wide-enuogh")]
    expected += [(14, "../../Docs/figures/nope.svg"), (15, "../../Sources/MicrogradEngine/Value.swift#L100000")]
    expected += [(15, "#no-such-heading"), (15, "../../.build")]
    if found != expected:
        print(f"links: the self-test found {found}, not {expected}")
        return 1
    print(f"links: the self-test's {len(expected)} dead links found, and only those")
    return 0


def main(args):
    if args[:1] == ["--catalog"] and len(args) == 3 and os.path.isdir(args[2]):
        return write_catalog(os.path.relpath(os.path.abspath(args[1]), ROOT), args[2])
    if args == ["--self-test"]:
        return self_test()
    if args[:1] == ["--archive"] and len(args) == 2 and os.path.isdir(os.path.join(args[1], "data")):
        return check_archive(args[1])
    files = [os.path.relpath(os.path.abspath(a), ROOT) for a in args]
    if any(a.startswith("-") or not a.endswith(".md") or not os.path.isfile(a) for a in args):
        print("usage: links.py [FILE.md ...] | --catalog SRC DEST | --archive ARCHIVE | --self-test", file=sys.stderr)
        return 2
    return check_markdown(files or markdown_files())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
