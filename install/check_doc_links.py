#!/usr/bin/env python3
"""Checks the relative links of the README, docs/, bench/ and the notebooks' markdown cells.

Each link must name a file that exists and, when it has a #fragment into a markdown file, a heading
of that file (GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, "-1", "-2", ...
for repeated headings). Prints every broken link and exits 1 when there is one. Run from anywhere:
    /usr/bin/python3 install/check_doc_links.py
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(path):
    seen = {}
    result = set()
    in_code = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                in_code = not in_code
            heading = None if in_code else re.match(r"^#+\s+(.*)", line)
            if heading:
                slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-")
                count = seen.get(slug, 0)
                seen[slug] = count + 1
                result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def text_of(path):
    if path.endswith(".ipynb"):
        with open(path, encoding="utf-8") as f:
            cells = json.load(f)["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    with open(path, encoding="utf-8") as f:
        return f.read()


def main():
    os.chdir(ROOT)
    files = (["README.md"] + sorted(glob.glob("docs/*.md")) + sorted(glob.glob("bench/**/*.md", recursive=True))
             + sorted(glob.glob("notebooks/*.ipynb")))
    cache = {}
    broken = []
    for source in files:
        for match in LINK.finditer(text_of(source)):
            link = match.group(1)
            if re.match(r"^[a-z]+:", link):  # http:, https:, mailto:
                continue
            path, _, fragment = link.partition("#")
            target = os.path.normpath(os.path.join(os.path.dirname(source), path)) if path else source
            if not os.path.exists(target):
                broken.append(f"{source}: {link}: no file {target}")
            elif fragment and target.endswith(".md"):
                if target not in cache:
                    cache[target] = anchors(target)
                if fragment not in cache[target]:
                    broken.append(f"{source}: {link}: no heading #{fragment} in {target}")
    for line in broken:
        print(line)
    print(f"doc links: {len(files)} files checked, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
