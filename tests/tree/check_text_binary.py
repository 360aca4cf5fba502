#!/usr/bin/env python3
"""The jxaudit binary runs the text path and links none of the libraries only other commands use (cli/main.cpp):
its dynamic section (readelf -d) names no library of the batch's outputs, the register, the letters, the server,
OCR or OpenSSL. jxaudit-full, which runs those commands, is checked to name the register's and the workbook's
libraries, so a check that reads nothing (a changed readelf output) cannot pass.

  check_text_binary.py --jxaudit build/jxaudit --full build/jxaudit-full
"""
import argparse
import re
import subprocess
import sys

# Libraries a one-file audit of a text layer never calls, by the start of their soname.
NOT_IN_TEXT_BINARY = ["libsqlite3", "libxlsxwriter", "libcairo", "libpango", "libzip", "libcpp-httplib", "libssl",
                      "libcrypto", "liblept", "libtesseract", "libglib", "libgobject"]
IN_FULL_BINARY = ["libsqlite3", "libxlsxwriter"]


def needed(path):
    out = subprocess.run(["readelf", "-d", path], check=True, capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jxaudit", required=True)
    ap.add_argument("--full", required=True)
    args = ap.parse_args()
    text, full = needed(args.jxaudit), needed(args.full)
    problems = [f"{args.jxaudit} needs {lib}" for lib in text for bad in NOT_IN_TEXT_BINARY if lib.startswith(bad)]
    problems += [f"{args.full} does not name {want} (is readelf's output still read right?)" for want in IN_FULL_BINARY
                 if not any(lib.startswith(want) for lib in full)]
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{args.jxaudit}: {len(text)} libraries: {' '.join(text)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
