#!/usr/bin/python3
"""Makes the scanned samples: every born-digital sample of samples/manifest.json, printed and scanned again.

    /usr/bin/python3 samples/make_scans.py        (needs pdftoppm from poppler-utils and Pillow: python3-pil)
    /usr/bin/python3 samples/make_scans.py --heldout SALT OUTDIR [--sideways NAME:PAGE[:ccw]]

Each page is rasterised with pdftoppm in grey, turned by a small angle (up to ±2°, fixed per file), blurred a little,
given paper-grain noise and JPEG-compressed, then the images are wrapped into an image-only PDF (no text layer).
One page of one sample is turned sideways (90°), as a landscape table scanned on its side. Everything is
deterministic: the same inputs give the same bytes. Writes samples/scanned/<name>.pdf, the expected report
samples/scanned/expected/<name>.json (the born-digital sample's, with "text_source": "ocr") and
samples/scanned/manifest.json.

--clean DPI OUTDIR re-renders every sample cleanly (grey, upright, no blur, grain or dust, JPEG q95): scans cleaner
than the samples, as an office scanner at 200 or 300 dpi gives them.

--heldout makes other draws of the same degradation (every random choice salted with SALT) into OUTDIR, with a
manifest of absolute paths, for measuring the OCR path on scans it was not tuned on:
    JX_OCR_EVAL_MANIFEST=OUTDIR/manifest.json JX_OCR_EVAL_VERBOSE=1 build/tests/ocr_test --gtest_filter='*Accuracy*'
"""
import argparse
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "scanned")
SIDEWAYS = ("repeat-header-2023", 2)  # (sample, 1-based page) scanned turned by 90°
FIXED_DATE = "20240101000000"


def params(name):
    """Resolution, angle and JPEG quality of one file, fixed by its name."""
    rng = random.Random(int(hashlib.sha256(name.encode()).hexdigest()[:16], 16))
    dpi = rng.choice([150, 150, 200])
    angle = round(rng.uniform(-2.0, 2.0), 2)
    quality = rng.choice([50, 55, 60])
    return dpi, angle, quality, rng


def noise_tile(rng, size=256, sigma=4):
    """A tile of grey noise around 128 (paper grain, two pixels coarse), from the file's own random stream."""
    half = size // 2
    data = bytes(max(0, min(255, int(rng.gauss(128, sigma)))) for _ in range(half * half))
    return Image.frombytes("L", (half, half), data).resize((size, size), Image.BILINEAR)


def scan_page(img, angle, rng, tile):
    img = img.convert("L")
    # Paper is never pure white and ink never pure black.
    img = img.point(lambda v: 40 + v * 195 // 255)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=235)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    w, h = img.size
    grain = Image.new("L", (w, h))
    for y in range(0, h, tile.height):
        for x in range(0, w, tile.width):
            grain.paste(tile, (x, y))
    img = ImageChops.add(img, grain, scale=1.0, offset=-128)
    # A few dust specks.
    px = img.load()
    for _ in range(60):
        x, y = rng.randrange(2, w - 2), rng.randrange(2, h - 2)
        for dx in (0, 1):
            for dy in (0, 1):
                px[x + dx, y + dy] = 60
    return img


def rasterise(pdf, dpi, tmp):
    prefix = os.path.join(tmp, "p")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", pdf, prefix], check=True)
    files = sorted((f for f in os.listdir(tmp) if f.startswith("p-") and f.endswith(".png")),
                   key=lambda f: int(f[2:-4]))
    return [os.path.join(tmp, f) for f in files]


def jpeg_round_trip(img, quality):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    buf.seek(0)
    return Image.open(buf)


def main():
    parser = argparse.ArgumentParser(description="Makes the scanned samples (or held-out draws of them).")
    parser.add_argument("--heldout", nargs=2, metavar=("SALT", "OUTDIR"))
    parser.add_argument("--sideways", metavar="NAME:PAGE[:ccw]")
    parser.add_argument("--clean", nargs=2, metavar=("DPI", "OUTDIR"),
                        help="clean re-renders: every page at DPI in grey, upright, no blur, grain or dust, JPEG q95")
    args = parser.parse_args()
    salt, out, sideways_page, turn = "", OUT, SIDEWAYS, -90
    clean_dpi = None
    if args.heldout:
        salt, out = args.heldout[0], os.path.abspath(args.heldout[1])
    if args.clean:
        clean_dpi, out, salt, sideways_page = int(args.clean[0]), os.path.abspath(args.clean[1]), "clean", None
    if args.sideways:
        parts = args.sideways.split(":")
        sideways_page = (parts[0], int(parts[1]))
        turn = 90 if len(parts) > 2 and parts[2] == "ccw" else -90
    manifest = json.load(open(os.path.join(HERE, "manifest.json"), encoding="utf-8"))
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    entries = []
    total = 0
    for entry in manifest:
        name = entry["name"]
        if entry.get("exit_code", 0) != 0 or "/" in name:
            continue
        pdf = os.path.join(ROOT, entry["pdf"])
        if not os.path.exists(pdf):
            print(f"skip {name}: {entry['pdf']} missing", file=sys.stderr)
            continue
        dpi, angle, quality, rng = params(name + ("#" + salt if salt else ""))
        if clean_dpi:
            dpi, angle, quality = clean_dpi, 0.0, 95
        tile = noise_tile(rng)
        with tempfile.TemporaryDirectory() as tmp:
            pages = []
            sideways = []
            for number, path in enumerate(rasterise(pdf, dpi, tmp), start=1):
                page_angle = angle + round(rng.uniform(-0.3, 0.3), 2)
                img = Image.open(path).convert("L") if clean_dpi else scan_page(Image.open(path), page_angle, rng, tile)
                if (name, number) == sideways_page:
                    img = img.rotate(turn, expand=True)  # -90: content turned clockwise, the table reads bottom to top
                    sideways.append(number)
                pages.append(jpeg_round_trip(img, quality))
        out_pdf = os.path.join(out, name + ".pdf")
        pages[0].save(out_pdf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                      quality=quality, title=name + " (scanned)", producer="jxaudit make_scans.py",
                      creationDate=FIXED_DATE, modDate=FIXED_DATE)
        size = os.path.getsize(out_pdf)
        total += size
        expected = json.load(open(os.path.join(ROOT, entry["expected"]), encoding="utf-8"))
        expected["text_source"] = "ocr"
        exp_path = os.path.join(out, "expected", name + ".json")
        with open(exp_path, "w", encoding="utf-8") as f:
            json.dump(expected, f, ensure_ascii=False, indent=2)
            f.write("\n")
        desc = f"scan of {name}: {dpi} dpi, turned {angle:+.2f}° (±0.3° per page), grain, JPEG q{quality}"
        if clean_dpi:
            desc = f"clean re-render of {name}: {dpi} dpi grey, upright, JPEG q{quality}"
        if sideways:
            desc += f"; page {sideways[0]} turned sideways by 90°"
        entries.append({"name": "scanned/" + name,
                        "pdf": out_pdf if salt else f"samples/scanned/{name}.pdf",
                        "expected": exp_path if salt else f"samples/scanned/expected/{name}.json", "exit_code": 0,
                        "source": entry["pdf"], "dpi": dpi, "angle": angle, "sideways_pages": sideways,
                        "description": desc})
        print(f"{name}: {len(pages)} pages, {dpi} dpi, {angle:+.2f}°, q{quality}, {size // 1024} KiB")
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"total {total / 1e6:.2f} MB in {len(entries)} files")


if __name__ == "__main__":
    main()
