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

--marks SALT OUTDIR makes colour scans (200 or 300 dpi, RGB, JPEG q80-90) on which each table page carries a red
seal stamped over one of its numbers and a ballpoint signature (blue or black) across another: the marks an office
adds before it scans. Seals and signatures are placed on the numbers pdftotext finds on the born-digital page.

--photo SALT OUTDIR makes phone photos of the pages: colour at 200 or 250 dpi, one edge of the page (top, bottom, left
or right, drawn per page) 2-4 % shorter than the opposite one as a camera held at a slant makes it, a small turn,
light falling off from one side by 15-30 %, a little blur, JPEG q65-80. The slant is a bilinear quadrilateral warp.

--heldout makes other draws of the same degradation (every random choice salted with SALT) into OUTDIR, with a
manifest of absolute paths, for measuring the OCR path on scans it was not tuned on; --quality Q and --dpi DPI fix
the JPEG quality and resolution of every file (--quality 25 --dpi 150: heavy JPEG):
    JX_OCR_EVAL_MANIFEST=OUTDIR/manifest.json JX_OCR_EVAL_VERBOSE=1 build/tests/ocr_test --gtest_filter='*Accuracy*'
"""
import argparse
import hashlib
import io
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

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


SEAL_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"  # fonts-noto-cjk; the seal goes without words if absent
SEAL_WORDS = ["财政专项资金管理专用章", "项目绩效评价专用章", "单位财务专用章", "预算管理办公室"]


def number_boxes(pdf, page):
    """Boxes (points, top-down) of the words with a digit on one page of the born-digital PDF, as pdftotext sees them."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    boxes = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        if re.search(r"\d", m.group(5)) and len(m.group(5)) <= 12:
            boxes.append(tuple(float(m.group(i)) for i in range(1, 5)))
    return boxes


def seal_layer(size, rng):
    """A round red seal on a white square of `size` pixels: ring, star and words round the rim, inked unevenly."""
    layer = Image.new("L", (size, size), 0)  # ink coverage
    d = ImageDraw.Draw(layer)
    c, r = size / 2, size / 2 - 2
    ring = max(2, size // 40)
    d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=ring)
    # A five-pointed star in the middle.
    pts = []
    for k in range(10):
        rad = r * (0.26 if k % 2 == 0 else 0.11)
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((c + rad * math.cos(a), c + rad * math.sin(a)))
    d.polygon(pts, fill=255)
    if os.path.exists(SEAL_FONT):
        words = rng.choice(SEAL_WORDS)
        font = ImageFont.truetype(SEAL_FONT, max(8, int(r * 0.24)))
        span = math.radians(rng.uniform(220, 260))
        for i, ch in enumerate(words):
            a = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(words)
            glyph = Image.new("L", (int(r * 0.4), int(r * 0.4)), 0)
            ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, fill=255, font=font, anchor="mm")
            glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
            gx, gy = c + r * 0.72 * math.cos(a), c + r * 0.72 * math.sin(a)
            layer.paste(255, (int(gx - glyph.width / 2), int(gy - glyph.height / 2)), glyph)
    # Uneven inking: coverage times a blotchy field between 0.45 and 1.
    blot = Image.frombytes("L", (16, 16), bytes(rng.randrange(115, 256) for _ in range(256)))
    blot = blot.resize((size, size), Image.BICUBIC)
    return ImageChops.multiply(layer, blot).filter(ImageFilter.GaussianBlur(0.7))


def signature_layer(w, h, rng, stroke):
    """A ballpoint scrawl across a box of w×h pixels: a few joined curves, as coverage."""
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    x, y = 0.0, h * rng.uniform(0.35, 0.65)
    pts = [(x, y)]
    while x < w:
        x += rng.uniform(0.03, 0.09) * w
        y = min(h - 1.0, max(0.0, y + rng.uniform(-0.45, 0.45) * h))
        pts.append((x, y))
    d.line(pts, fill=255, width=stroke, joint="curve")
    for _ in range(rng.randrange(1, 3)):  # a flourish under it
        x0 = rng.uniform(0, w * 0.5)
        d.arc((x0, h * 0.2, x0 + w * rng.uniform(0.3, 0.6), h * 1.1), rng.uniform(0, 60), rng.uniform(150, 300),
              fill=255, width=stroke)
    return layer.filter(ImageFilter.GaussianBlur(0.5))


def stamp(img, coverage, at, colour):
    """Multiplies `colour` into img (RGB) where `coverage` (L, 0..255) has ink, its top-left at `at`."""
    box = (at[0], at[1], at[0] + coverage.width, at[1] + coverage.height)
    region = img.crop(box)
    ink = Image.new("RGB", coverage.size, colour)
    inked = ImageChops.multiply(region, ink)
    region.paste(inked, (0, 0), coverage)
    img.paste(region, box[:2])


def marked_page(img, boxes, dpi, rng):
    """A colour scan of one page: warm paper, a seal over one number and a signature over another, a small turn."""
    img = img.convert("RGB")
    paper = (rng.randrange(238, 250), rng.randrange(234, 246), rng.randrange(222, 238))
    img = ImageChops.multiply(img, Image.new("RGB", img.size, paper))
    scale = dpi / 72.0
    if boxes:
        seal_on = rng.choice(boxes)
        size = int(dpi * rng.uniform(1.4, 1.65))  # a 36-42 mm seal
        cx = (seal_on[0] + seal_on[2]) / 2 * scale + rng.uniform(-0.15, 0.15) * size
        cy = (seal_on[1] + seal_on[3]) / 2 * scale + rng.uniform(-0.15, 0.15) * size
        red = (rng.randrange(200, 235), rng.randrange(20, 70), rng.randrange(30, 80))
        stamp(img, seal_layer(size, rng).rotate(rng.uniform(-30, 30)), (int(cx - size / 2), int(cy - size / 2)), red)
        sign_on = rng.choice(boxes)
        w, h = int(dpi * rng.uniform(0.9, 1.5)), int(dpi * rng.uniform(0.3, 0.45))
        x = int(sign_on[0] * scale - rng.uniform(0.1, 0.4) * w)
        y = int((sign_on[1] + sign_on[3]) / 2 * scale - h / 2)
        ink = rng.choice([(40, 60, 150), (30, 40, 110), (45, 45, 55)])
        stamp(img, signature_layer(w, h, rng, max(2, dpi // 110)), (max(0, x), max(0, y)), ink)
    img = img.rotate(rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, expand=False, fillcolor=paper)
    return img.filter(ImageFilter.GaussianBlur(0.4))


def photo_page(img, rng):
    """A phone photo of one page: one edge shortened (a slanted camera), a small turn, light falling off, blur."""
    img = img.convert("RGB")
    w, h = img.size
    paper = (rng.randrange(180, 215), rng.randrange(175, 210), rng.randrange(165, 200))
    edge = rng.choice(["top", "bottom", "left", "right"])
    d = rng.uniform(0.01, 0.02)  # each end of the short edge moves in by this share of the edge's length
    dx, dy = w * d, h * d
    # QUAD takes the input's corners that land on the output's upper left, lower left, lower right and upper right:
    # corners further out than the image make that edge of the output shorter.
    ul, ll, lr, ur = [0, 0], [0, h], [w, h], [w, 0]
    if edge == "top":
        ul[0], ur[0] = -dx, w + dx
    elif edge == "bottom":
        ll[0], lr[0] = -dx, w + dx
    elif edge == "left":
        ul[1], ll[1] = -dy, h + dy
    else:
        ur[1], lr[1] = -dy, h + dy
    img = img.transform((w, h), Image.Transform.QUAD, tuple(ul + ll + lr + ur), Image.Resampling.BICUBIC,
                        fillcolor=paper)
    img = img.rotate(rng.uniform(-1.0, 1.0), resample=Image.BICUBIC, expand=False, fillcolor=paper)
    falloff = rng.uniform(0.15, 0.30)
    lit_from = rng.choice(["top", "bottom", "left", "right"])
    ramp = Image.linear_gradient("L")  # 0 at the top to 255 at the bottom
    ramp = {"top": ramp, "bottom": ramp.rotate(180), "left": ramp.rotate(90), "right": ramp.rotate(-90)}[lit_from]
    ramp = ramp.point(lambda v: int(255 - falloff * v)).resize((w, h), Image.BILINEAR)
    img = ImageChops.multiply(img, Image.merge("RGB", (ramp, ramp, ramp)))
    img = ImageChops.multiply(img, Image.new("RGB", img.size, (250, 246, 236)))
    return img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.8))), edge


def rasterise(pdf, dpi, tmp, colour=False):
    prefix = os.path.join(tmp, "p")
    subprocess.run(["pdftoppm", "-r", str(dpi)] + ([] if colour else ["-gray"]) + ["-png", pdf, prefix], check=True)
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
    parser.add_argument("--quality", type=int, metavar="Q", help="with --heldout: every file at JPEG quality Q")
    parser.add_argument("--dpi", type=int, help="with --heldout: every file at DPI")
    parser.add_argument("--marks", nargs=2, metavar=("SALT", "OUTDIR"),
                        help="colour scans, 200 or 300 dpi, with a red seal and a signature over numbers")
    parser.add_argument("--photo", nargs=2, metavar=("SALT", "OUTDIR"),
                        help="phone photos: colour, 200 or 250 dpi, one edge shorter, uneven light, JPEG q65-80")
    parser.add_argument("--clean", nargs=2, metavar=("DPI", "OUTDIR"),
                        help="clean re-renders: every page at DPI in grey, upright, no blur, grain or dust, JPEG q95")
    args = parser.parse_args()
    salt, out, sideways_page, turn = "", OUT, SIDEWAYS, -90
    clean_dpi = None
    marks = bool(args.marks)
    if marks:
        salt, out, sideways_page = "marks " + args.marks[0], os.path.abspath(args.marks[1]), None
    photo = bool(args.photo)
    if photo:
        salt, out, sideways_page = "photo " + args.photo[0], os.path.abspath(args.photo[1]), None
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
        if args.heldout and args.quality:
            quality = args.quality
        if args.heldout and args.dpi:
            dpi = args.dpi
        if clean_dpi:
            dpi, angle, quality = clean_dpi, 0.0, 95
        if marks:
            dpi, quality = rng.choice([200, 300]), rng.choice([80, 85, 90])
        if photo:
            dpi, quality = rng.choice([200, 250]), rng.choice([65, 70, 75, 80])
        edges = []
        tile = noise_tile(rng)
        with tempfile.TemporaryDirectory() as tmp:
            pages = []
            sideways = []
            for number, path in enumerate(rasterise(pdf, dpi, tmp, colour=marks or photo), start=1):
                page_angle = angle + round(rng.uniform(-0.3, 0.3), 2)
                if marks:
                    img = marked_page(Image.open(path), number_boxes(pdf, number), dpi, rng)
                elif photo:
                    img, edge = photo_page(Image.open(path), rng)
                    edges.append(edge)
                elif clean_dpi:
                    img = Image.open(path).convert("L")
                else:
                    img = scan_page(Image.open(path), page_angle, rng, tile)
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
        if marks:
            desc = f"colour scan of {name}: {dpi} dpi, a red seal and a signature over numbers, JPEG q{quality}"
        if photo:
            desc = f"phone photo of {name}: {dpi} dpi colour, short edge per page {'/'.join(edges)}, JPEG q{quality}"
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
