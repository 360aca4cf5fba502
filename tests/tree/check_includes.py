#!/usr/bin/env python3
"""The tree's dependency law, checked on every #include "..." of the project's C++ files.

Libraries depend one way: core <- rules, core <- extract; both <- audit <- outputs <- batch <- serve <- cli. Inside
extract/, the grid is shared by both paths and knows neither (extract/grid/ includes no extract/pdf/ or
extract/ocr/ header), and the text path does not know the OCR path (extract/pdf/ includes no extract/ocr/ header).
A header under a folder named `internal/` belongs to the folder that holds that `internal/`: only files inside
that folder (and tests) include it.

    check_includes.py [--root DIR]      exit 0 when every include is allowed; else one line per offence, exit 1
"""
import argparse
import os
import re
import sys

# What each library may include (by top folder). tests/, fuzz/ and bench/ may include anything.
ALLOWED = {
    "core": {"core"},
    "rules": {"core", "rules"},
    "extract": {"core", "extract"},
    "audit": {"core", "rules", "extract", "audit"},
    "outputs": {"core", "rules", "extract", "audit", "outputs"},
    "batch": {"core", "rules", "extract", "audit", "outputs", "batch"},
    "serve": {"core", "rules", "extract", "audit", "outputs", "batch", "serve"},
    "cli": {"core", "rules", "extract", "audit", "outputs", "batch", "serve", "cli"},
}
# Finer law inside a library: (folder of the including file, folder it may not include).
FORBIDDEN_WITHIN = [
    ("extract/grid/", "extract/pdf/"),
    ("extract/grid/", "extract/ocr/"),
    ("extract/pdf/", "extract/ocr/"),
]
FREE = {"tests", "fuzz", "bench"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def offences(root):
    found = []
    for top in sorted(set(ALLOWED) | FREE):
        base = os.path.join(root, top)
        for folder, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        why = judge(rel, target)
                        if why:
                            found.append(f"{rel}:{number}: includes \"{target}\": {why}")
    return found


def judge(rel, target):
    """Why `rel` may not include `target`, or None when it may."""
    src_top = rel.split("/", 1)[0]
    dst_top = target.split("/", 1)[0]
    if "/internal/" in target:
        owner = target[: target.index("/internal/") + 1]
        if src_top not in FREE and not rel.startswith(owner):
            return f"a header internal to {owner}"
    if src_top in FREE or dst_top not in ALLOWED:
        return None
    if dst_top not in ALLOWED[src_top]:
        return f"{src_top}/ may include only {', '.join(sorted(ALLOWED[src_top]))}"
    for inner, banned in FORBIDDEN_WITHIN:
        if rel.startswith(inner) and target.startswith(banned):
            return f"{inner} may not include {banned}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    args = parser.parse_args()
    found = offences(os.path.abspath(args.root))
    for line in found:
        print(line)
    if found:
        print(f"check_includes: {len(found)} include(s) cross a boundary the wrong way", file=sys.stderr)
        return 1
    print("check_includes: every include follows the dependency law")
    return 0


if __name__ == "__main__":
    sys.exit(main())
