#!/usr/bin/python3
"""Scans of the held-apart forms, made differently from samples/make_scans.py and never used for tuning the OCR path.

    /usr/bin/python3 heldout/make_scans.py [--salt S] OUTDIR [PDF ...]     (default: every heldout/pdf/*.pdf)

Each born-digital PDF is printed and scanned in one of six ways, chosen by its name (so a file always gets the same
one; --salt S chooses again, and draws the seals, tones and skews again, for another instance of the set), and the
scan is written to OUTDIR/<name>.pdf with a line in OUTDIR/scans.json naming the way (scans of
samples/*.pdf also get OUTDIR/manifest.json, for JX_OCR_EVAL_MANIFEST of tests/extract/ocr_test.cpp):

  grey300   300 dpi greyscale, light paper tone, JPEG q85
  grey400   400 dpi greyscale, JPEG q80
  bilevel   200 dpi black and white (a fax-like threshold), stored losslessly
  seal      200 dpi colour: a red round seal stamped over the money block's numbers and a blue signature over the
            total row, JPEG q80
  photo     a phone photo: 220 dpi colour, slightly keystoned (the top edge 3 % narrower), light falling off to one
            corner, JPEG q70
  jpeg150   150 dpi greyscale, heavy JPEG q25

Where samples/make_scans.py blurs, turns and adds grain to grey pages at 150-200 dpi, these are the other scanners
and cameras of a finance bureau's inbox. Everything is deterministic. Needs pdftoppm (poppler-utils) and Pillow.
"""
import hashlib
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile

from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["grey300", "grey400", "bilevel", "seal", "photo", "jpeg150"]
DPI = {"grey300": 300, "grey400": 400, "bilevel": 200, "seal": 200, "photo": 220, "jpeg150": 150}
FIXED_DATE = "20240101000000"
SEAL_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def kind_of(name, salt=""):
    h = int(hashlib.sha256((salt + name).encode()).hexdigest()[:8], 16)
    return KINDS[h % len(KINDS)]


def rasterise(pdf, dpi, colour, tmp):
    prefix = os.path.join(tmp, "p")
    mode = [] if colour else ["-gray"]
    subprocess.run(["pdftoppm", "-r", str(dpi)] + mode + ["-png", pdf, prefix], check=True)
    files = sorted((f for f in os.listdir(tmp) if f.startswith("p-") and f.endswith(".png")),
                   key=lambda f: int(f[2:-4]))
    return [os.path.join(tmp, f) for f in files]


def jpeg(img, quality):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf)


def paper(img, low=30, high=238):
    """Ink never black, paper never white."""
    return img.point(lambda v: low + v * (high - low) // 255)


def seal(img, rng, dpi):
    """A red round seal (ring, star, the unit's name round the edge) stamped semi-transparently somewhere in the upper
    half of the page, where the header and money block are; a signature scrawled near the bottom of the table."""
    img = img.convert("RGB")
    w, h = img.size
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    r = int(dpi * 0.8)
    cx, cy = rng.randint(w // 3, 2 * w // 3), rng.randint(h // 6, h // 2)
    red = (215, 30, 40, 150)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=max(3, dpi // 40))
    star = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r * (0.28 if k % 2 == 0 else 0.11)
        star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(star, fill=red)
    font = ImageFont.truetype(SEAL_FONT, int(r * 0.22))
    text = "绩效评价专用章"
    for k, ch in enumerate(text):
        a = math.pi * (1.15 + 0.7 * k / (len(text) - 1))
        x, y = cx + r * 0.72 * math.cos(a), cy + r * 0.72 * math.sin(a)
        d.text((x, y), ch, fill=red, font=font, anchor="mm")
    # signature: a few joined loops in blue-black ink
    sx, sy = rng.randint(w // 2, 3 * w // 4), rng.randint(int(h * 0.6), int(h * 0.85))
    pts = []
    for t in range(120):
        u = t / 119
        pts.append((sx + u * dpi * 1.2 + math.sin(u * 18) * dpi * 0.05,
                    sy + math.sin(u * 9 + 1) * dpi * 0.08 - u * dpi * 0.1))
    d.line(pts, fill=(30, 40, 110, 200), width=max(2, dpi // 70), joint="curve")
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def photo(img, rng):
    """Keystoned (top edge narrower), light falling off towards one corner."""
    img = img.convert("RGB")
    w, h = img.size
    inset = w * 0.015
    # PIL's PERSPECTIVE maps output to input: the output's top corners come from points further out in the input.
    src = [(-inset, 0), (w + inset, 0), (w, h), (0, h)]
    dst = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = perspective_coeffs(dst, src)
    img = img.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(205, 200, 190))
    shade = Image.new("L", (64, 64))
    corner = rng.choice([(0, 0), (63, 0), (0, 63), (63, 63)])
    shade.putdata([int(255 - 60 * math.hypot(x - corner[0], y - corner[1]) / 90) for y in range(64) for x in range(64)])
    shade = shade.resize((w, h), Image.BILINEAR).convert("RGB")
    from PIL import ImageChops
    return ImageChops.multiply(img, shade)


def perspective_coeffs(out_pts, in_pts):
    """The 8 coefficients PIL's PERSPECTIVE transform takes, mapping out_pts to in_pts (solved exactly)."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(out_pts, in_pts):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    n = 8
    m = [r[:] + [b] for r, b in zip(rows, rhs)]
    for c in range(n):
        p = max(range(c, n), key=lambda i: abs(m[i][c]))
        m[c], m[p] = m[p], m[c]
        for i in range(n):
            if i != c and m[i][c] != 0:
                f = m[i][c] / m[c][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def scan(pdf, kind, rng, tmp):
    dpi = DPI[kind]
    colour = kind in ("seal", "photo")
    pages = []
    for path in rasterise(pdf, dpi, colour, tmp):
        img = Image.open(path)
        if kind == "grey300":
            pages.append(jpeg(paper(img.convert("L"), 25, 240), 85))
        elif kind == "grey400":
            pages.append(jpeg(paper(img.convert("L"), 35, 232), 80))
        elif kind == "bilevel":
            pages.append(img.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1"))
        elif kind == "seal":
            pages.append(jpeg(seal(img, rng, dpi), 80))
        elif kind == "photo":
            pages.append(jpeg(photo(img, rng), 70))
        else:
            pages.append(jpeg(paper(img.convert("L"), 40, 230), 25))
    return pages, dpi


def main(argv):
    if not argv:
        sys.exit(__doc__)
    salt = ""
    if len(argv) >= 2 and argv[0] == "--salt":
        salt, argv = argv[1], argv[2:]
    if not argv:
        sys.exit(__doc__)
    out = os.path.abspath(argv[0])
    pdfs = argv[1:] or sorted(os.path.join(HERE, "pdf", f) for f in os.listdir(os.path.join(HERE, "pdf"))
                              if f.endswith(".pdf"))
    os.makedirs(out, exist_ok=True)
    entries = []
    for pdf in pdfs:
        name = os.path.splitext(os.path.basename(pdf))[0]
        kind = kind_of(name, salt)
        rng = random.Random(int(hashlib.sha256((salt + name).encode()).hexdigest()[:16], 16))
        with tempfile.TemporaryDirectory() as tmp:
            pages, dpi = scan(pdf, kind, rng, tmp)
        path = os.path.join(out, name + ".pdf")
        pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                      title=name + " (scanned)", producer="jxaudit heldout/make_scans.py",
                      creationDate=FIXED_DATE, modDate=FIXED_DATE)
        entries.append({"name": name, "pdf": path, "source": os.path.abspath(pdf), "kind": kind, "dpi": dpi,
                        "pages": len(pages)})
        print("%-32s %-8s %3d dpi %2d pages %6d KiB" % (name, kind, dpi, len(pages), os.path.getsize(path) // 1024))
    with open(os.path.join(out, "scans.json"), "w", encoding="utf-8") as fh:
        json.dump(entries, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    # Scans of samples/ PDFs: a manifest the OCR accuracy test reads (JX_OCR_EVAL_MANIFEST), each scan against the
    # sample's expected report.
    expected_dir = os.path.join(os.path.dirname(HERE), "samples", "expected")
    manifest = []
    for e in entries:
        expected = os.path.join(expected_dir, e["name"] + ".json")
        if os.path.dirname(e["source"]) == os.path.join(os.path.dirname(HERE), "samples") and os.path.exists(expected):
            manifest.append({"name": "hs/" + e["name"], "pdf": e["pdf"], "expected": expected, "exit_code": 0,
                             "kind": e["kind"]})
    if manifest:
        with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=2)
            fh.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
