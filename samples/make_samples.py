#!/usr/bin/python3
"""Makes the sample self-evaluation reports (samples/*.pdf), their expected JSON (samples/expected/*.json),
the bad inputs (samples/bad/*.pdf) and samples/manifest.json.

    /usr/bin/python3 samples/make_samples.py            # everything
    /usr/bin/python3 samples/make_samples.py NAME...    # only these samples (manifest still lists all)

Each sample is a spec under samples/specs/<name>.py (SPEC = {...}): the report's content and, written by hand,
the expected parsed values, recomputed scores, total and findings. Before anything is written, the hand-written
expectations are checked against an independent computation of contract.md's formulas and rule meanings
(exact rational arithmetic); any disagreement stops the script with a message. After rendering, the page of
every indicator is checked against the PDF's text (pdftotext).

Output is deterministic: reportlab runs with invariant=1 and Chromium's dates are replaced by a fixed date.
Needs: /usr/bin/python3 with reportlab, poppler-utils (pdftotext, pdfinfo), chromium for the HTML sample, fonts
wqy-zenhei, arphic uming, dejavu.
"""
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from fractions import Fraction

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.lib import pdfencrypt

HERE = os.path.dirname(os.path.abspath(__file__))
SPECS = os.path.join(HERE, "specs")
sys.path.insert(0, SPECS)
sys.dont_write_bytecode = True
EXPECTED = os.path.join(HERE, "expected")
BAD = os.path.join(HERE, "bad")

# ---------------------------------------------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------------------------------------------
FONT_FILES = {
    "zh": ("WQYZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "um": ("ARPLUMingCN", "/usr/share/fonts/truetype/arphic/uming.ttc", 0),
}
FALLBACK = ("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_registered = {}


def font_name(kind):
    """Registers (once) and returns the reportlab font name of a font kind: cid | zh | um."""
    if kind in _registered:
        return _registered[kind]
    if kind == "cid":
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        _registered[kind] = "STSong-Light"
    else:
        name, path, idx = FONT_FILES[kind]
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=idx))
        _registered[kind] = name
    if "fallback" not in _registered:
        pdfmetrics.registerFont(TTFont(FALLBACK[0], FALLBACK[1]))
        _registered["fallback"] = FALLBACK[0]
    return _registered[kind]


def covers(font, ch):
    f = pdfmetrics.getFont(font)
    face = getattr(f, "face", None)
    if face is None or not hasattr(face, "charToGlyph"):  # CID font: trust the Adobe-GB1 collection
        return True
    return ord(ch) in face.charToGlyph or ch in " \n"


def runs(text, font):
    """Splits text into (font, piece) runs, using DejaVu Sans for characters the main font lacks (☑)."""
    out = []
    for ch in text:
        f = font if covers(font, ch) else _registered["fallback"]
        if out and out[-1][0] == f:
            out[-1][1] += ch
        else:
            out.append([f, ch])
    return out


def width(text, font, size):
    return sum(pdfmetrics.stringWidth(p, f, size) for f, p in runs(text, font))


def draw_text(c, x, y, text, font, size):
    for f, p in runs(text, font):
        c.setFont(f, size)
        c.drawString(x, y, p)
        x += pdfmetrics.stringWidth(p, f, size)


def wrap(text, font, size, maxw):
    """Line breaking as Word does for CJK: between any two CJK characters, never inside a number (half- or
    full-width: "1,952.61", "99.5%", "１，２００．００"), and no line starting with closing punctuation. Honours
    explicit newlines."""
    lines = []
    for para in text.split("\n"):
        tokens = re.findall(r"[A-Za-z0-9.,%+\-\uff10-\uff19\uff0c\uff0e\uff05]+|.", para)
        cur = ""
        for tok in tokens:
            if cur and width(cur + tok, font, size) > maxw and cur.strip():
                if tok in CLOSING and len(cur) > 1:  # no line starts with closing punctuation: carry a character
                    lines.append(cur[:-1].rstrip(" "))
                    cur = cur[-1] + tok
                else:
                    lines.append(cur.rstrip(" "))
                    cur = "" if tok == " " else tok
            else:
                cur += tok
        lines.append(cur)
    return lines


CLOSING = set("，。、；：）》”’！？%")


# ---------------------------------------------------------------------------------------------------------------
# The form → logical table rows
# ---------------------------------------------------------------------------------------------------------------
PAGE_W, PAGE_H = A4
DEFAULT_IND_COLS = [("l1", "一级指标", 48), ("l2", "二级指标", 56), ("name", "三级指标", 100), ("t", "年度指标值", 64),
                    ("a", "实际完成值", 64), ("w", "分值", 36), ("s", "得分", 40),
                    ("note", "偏差原因分析及改进措施", 92)]


def cell(x0, x1, text, rs=1, align="c", size=None):
    return {"x0": x0, "x1": x1, "text": text, "rs": rs, "align": align, "size": size}


def xs_from(widths, left):
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs


def ind_value(ind, key):
    if key == "l1":
        return ind["l1"]
    if key == "l2":
        return ind["l2"]
    if key == "name":
        return ind["name"]
    if key == "t":
        return ind["t"]
    if key == "a":
        return ind["a"]
    if key == "w":
        return ind["w"]
    if key == "s":
        return ind["s"]
    if key == "note":
        return ind["note"]
    if key == "op":
        return ind["opcol"]
    if key == "unit":
        return ind["unitcol"]
    if key in ind:  # a column the reader does not read (复核分): whatever the spec prints there
        return ind[key]
    raise KeyError(key)


def form_rows(spec, left, W):
    """The self-evaluation form as logical rows of cells (x ranges in points). Indicator rows carry tag ('ind', i)."""
    f = spec["form"]
    rows = []
    # header block
    hb = f.get("header_widths", [64, 236, 64, 136])
    hx = xs_from(hb, left)
    if f.get("level") is not None:
        rows.append({"cells": [cell(hx[0], hx[1], "项目名称"), cell(hx[1], hx[2], f["project"]),
                               cell(hx[2], hx[3], "项目级次"), cell(hx[3], hx[4], f["level"])]})
    else:
        rows.append({"cells": [cell(hx[0], hx[1], "项目名称"), cell(hx[1], hx[4], f["project"])]})
    rows.append({"cells": [cell(hx[0], hx[1], "主管部门"), cell(hx[1], hx[2], f["department"]),
                           cell(hx[2], hx[3], "实施单位"), cell(hx[3], hx[4], f["implementer"])]})
    # money block
    mw = f.get("money_widths", [54, 110, 56, 56, 56, 52, 58, 58])
    mx = xs_from(mw, left)
    mrows = f["money_rows"]
    first = [cell(mx[0], mx[1], f["money_label"], rs=1 + len(mrows)), cell(mx[1], mx[2], "")]
    for k, h in enumerate(f["money_header"]):
        first.append(cell(mx[2 + k], mx[3 + k], h))
    rows.append({"cells": first})
    for mr in mrows:
        cs = [cell(mx[1], mx[2], mr[0], align="l" if len(mr[0]) > 4 else "c")]
        for k, v in enumerate(mr[1:]):
            cs.append(cell(mx[2 + k], mx[3 + k], v))
        rows.append({"cells": cs})
    # goals block
    if f.get("goals"):
        gw = f.get("goals_widths", [54, 200, W - 254])
        gx = xs_from(gw, left)
        lab, h1, h2, t1, t2 = f["goals"]
        rows.append({"cells": [cell(gx[0], gx[1], lab, rs=2), cell(gx[1], gx[2], h1), cell(gx[2], gx[3], h2)]})
        rows.append({"cells": [cell(gx[1], gx[2], t1, align="l", size=f.get("goals_size")),
                               cell(gx[2], gx[3], t2, align="l", size=f.get("goals_size"))]})
    # indicator block
    cols = f.get("ind_cols", DEFAULT_IND_COLS)
    ix = xs_from([c[2] for c in cols], left)
    if f.get("ind_title"):
        rows.append({"cells": [cell(ix[0], ix[-1], f["ind_title"], align="l")]})
    rows.append({"cells": [cell(ix[k], ix[k + 1], c[1]) for k, c in enumerate(cols)], "header": True})
    inds = f["indicators"]
    merge = f.get("merge_levels", True)
    for i, ind in enumerate(inds):
        cs = []
        for k, (key, _, _) in enumerate(cols):
            if key in ("l1", "l2") and merge:
                same = (lambda j: inds[j]["l1"] == ind["l1"] and (key == "l1" or inds[j]["l2"] == ind["l2"]))
                if i > 0 and same(i - 1):
                    continue  # covered by the merged cell above
                n = 1
                while i + n < len(inds) and same(i + n):
                    n += 1
                cs.append(cell(ix[k], ix[k + 1], ind_value(ind, key), rs=n))
            else:
                align = "l" if key == "note" and len(ind["note"]) > 6 else "c"
                cs.append(cell(ix[k], ix[k + 1], ind_value(ind, key), align=align))
        # a template row left in the form (指标2: / ……) is printed but is not an indicator
        rows.append({"cells": cs, "tag": ("tpl" if ind.get("tpl") else "ind", i)})
    # problems / measures
    for lab, text in f.get("extra_rows", []):
        rows.append({"cells": [cell(ix[0], ix[2], lab), cell(ix[2], ix[-1], text, align="l",
                                                            size=f.get("goals_size"))]})
    # total (a target declaration has none)
    if f.get("no_total"):
        return rows
    keys = [c[0] for c in cols]
    kw, ks = keys.index("w"), keys.index("s")
    tw, ts, tg = f["total"]
    tot = [cell(ix[0], ix[kw], "总分"), cell(ix[kw], ix[kw + 1], tw), cell(ix[ks], ix[ks + 1], ts)]
    if ks + 1 < len(cols):
        tot.append(cell(ix[ks + 1], ix[-1], tg))
    rows.append({"cells": tot, "tag": ("total",), "break_before": f.get("total_alone", False)})
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Canvas rendering: narrative pages, then the ruled table with merged cells, page breaks and repeated headers
# ---------------------------------------------------------------------------------------------------------------
class Doc:
    def __init__(self, path, spec):
        self.spec = spec
        self.font = font_name(spec["font"])
        # the narrative may use another font (body text in 宋体/仿宋, table in 黑体, as many reports do)
        self.nfont = font_name(spec.get("narr_font", spec["font"]))
        kw = {"invariant": 1, "pagesize": A4}
        if spec.get("encrypt"):
            kw["encrypt"] = pdfencrypt.StandardEncryption(spec["encrypt"], ownerPassword="owner-" + spec["encrypt"],
                                                          canPrint=1, canModify=0, canCopy=0, canAnnotate=0)
        self.c = canvas.Canvas(path, **kw)
        self.c.setTitle(spec.get("pdf_title", spec["name"]))
        self.c.setAuthor(spec.get("author", ""))
        self.c.setCreator(spec.get("creator", "Microsoft® Word 2016"))
        self.c.setProducer(spec.get("producer", "Microsoft® Word 2016"))
        self.page = 1
        self.top, self.bottom = 64, PAGE_H - 64
        self.y = self.top

    def new_page(self):
        self.c.showPage()
        self.page += 1
        self.y = self.top

    def text_at(self, x, ytop, text, size, font=None):
        """Draws one line with its top at ytop (top-left origin)."""
        draw_text(self.c, x, PAGE_H - ytop - size * 0.88, text, font or self.font, size)

    def centered(self, text, size, gap, font=None):
        w = width(text, font or self.font, size)
        self.text_at((PAGE_W - w) / 2, self.y, text, size, font)
        self.y += size + gap

    def narrative(self):
        sp = self.spec
        size = sp.get("narr_size", 12)
        lead = size * sp.get("narr_leading", 1.75)
        left = sp.get("narr_left", 72)
        maxw = PAGE_W - 2 * left
        for t in sp.get("title", []):
            self.centered(t, sp.get("title_size", 18), 12, self.nfont)
        if sp.get("title"):
            self.y += 10
        for p in sp.get("narrative", []):
            lines = wrap("\u3000\u3000" + p, self.nfont, size, maxw)
            for ln in lines:
                if self.y + lead > self.bottom:
                    self.new_page()
                self.text_at(left, self.y, ln, size, self.nfont)
                self.y += lead

    def table(self):
        sp, f = self.spec, self.spec["form"]
        W = f.get("width", 500)
        left = (PAGE_W - W) / 2
        if sp.get("table_new_page", True) and (sp.get("narrative") or sp.get("title")):
            self.new_page()
        elif self.y > self.top:
            self.y += 16
            if self.y + 200 > self.bottom:
                self.new_page()
        self.centered(f.get("form_title", "项目支出绩效自评表"), 16, 6)
        self.centered(f["year_line"], 12, 8)
        unit_size = 10.5
        self.text_at(left, self.y, f["unit_line"], unit_size)
        self.y += unit_size + 6
        rows = form_rows(sp, left, W)
        size = f.get("size", 10)
        pad = 3
        lead = size * 1.3
        # line layout of every cell and natural row heights
        for r in rows:
            r["h"] = f.get("min_row", 20)
            if r.get("tag") and r["tag"][0] == "ind":
                r["h"] = max(r["h"], f.get("ind_min_row", 0))
            for c_ in r["cells"]:
                s = c_["size"] or size
                c_["lines"] = wrap(c_["text"], self.font, s, c_["x1"] - c_["x0"] - 2 * pad)
                for ln in c_["lines"]:
                    if width(ln, self.font, s) > c_["x1"] - c_["x0"] - 1:
                        sys.exit("%s: %r does not fit its cell: widen the column" % (sp["name"], ln))
                c_["need"] = len(c_["lines"]) * s * 1.3 + 2 * pad + 2
                if c_["rs"] == 1:
                    r["h"] = max(r["h"], c_["need"])
        for i, r in enumerate(rows):
            for c_ in r["cells"]:
                if c_["rs"] > 1:
                    have = sum(rows[j]["h"] for j in range(i, i + c_["rs"]))
                    if have < c_["need"]:
                        rows[i + c_["rs"] - 1]["h"] += c_["need"] - have
        # a row broken by the page (Word's "allow row to break across pages"): the indicator row `split_ind` keeps
        # `split_lines` lines of every cell that starts on it on its page; the rest of each cell, top-aligned, goes
        # on at the top of the next page
        split_row, keep = None, f.get("split_lines", 1)
        if f.get("split_ind") is not None:
            split_row = next(i for i, r in enumerate(rows) if r.get("tag") == ("ind", f["split_ind"]))
            r = rows[split_row]
            if not any(len(c_["lines"]) > keep for c_ in r["cells"]):
                sys.exit("%s: no cell of the split row has more than %d lines" % (sp["name"], keep))
            r["h1"] = keep * size * 1.3 + 2 * pad + 2
            rest = max(len(c_["lines"]) - keep for c_ in r["cells"])
            r["h2"] = max(f.get("min_row", 20) / 2, rest * size * 1.3 + 2 * pad + 2)
        # pagination
        header_idx = next(i for i, r in enumerate(rows) if r.get("header"))
        placed = []  # (page, ytop, h, row) including repeated header copies
        pos = {}
        cont = {}  # split row -> (page, ytop, h) of its part on the next page
        page, y = self.page, self.y
        for i, r in enumerate(rows):
            if i == split_row:
                pos[i] = (page, y)
                r["h"] = r["h1"]
                placed.append((page, y, r["h1"], r))
                page += 1
                y = self.top
                if f.get("repeat_header") and i > header_idx:
                    sys.exit("%s: a split row under a repeated header is not drawn" % sp["name"])
                cont[i] = (page, y, r["h2"])
                y += r["h2"]
                continue
            if r.get("break_before") or y + r["h"] > self.bottom:
                page += 1
                y = self.top
                if f.get("repeat_header") and i > header_idx:
                    hr = rows[header_idx]
                    placed.append((page, y, hr["h"], hr))
                    y += hr["h"]
            pos[i] = (page, y)
            placed.append((page, y, r["h"], r))
            y += r["h"]
        # drawing, page by page
        segs = {}  # page -> list of (x0, y0, x1, y1) cell rectangles
        texts = {}  # page -> list of (cell, ytop, height)
        for p_, y_, h_, r in placed:
            if r is rows[header_idx] and pos[header_idx] != (p_, y_):  # repeated copy
                for c_ in r["cells"]:
                    segs.setdefault(p_, []).append((c_["x0"], y_, c_["x1"], y_ + h_))
                    texts.setdefault(p_, []).append((c_, y_, h_, c_["lines"]))
        for i, r in enumerate(rows):
            for c_ in r["cells"]:
                span = range(i, i + c_["rs"])
                parts = {}
                for j in span:
                    extents = [(pos[j][0], pos[j][1], rows[j]["h"])]
                    if j in cont:
                        extents.append(cont[j])
                    for pj, yj, hj in extents:
                        a, b = parts.get(pj, (yj, yj))
                        parts[pj] = (min(a, yj), max(b, yj + hj))
                for k, (pj, (a, b)) in enumerate(sorted(parts.items())):
                    segs.setdefault(pj, []).append((c_["x0"], a, c_["x1"], b))
                    if i == split_row and len(c_["lines"]) > keep:
                        # the cell's lines on both sides of the break, each part top-aligned
                        lines = c_["lines"][:keep] if k == 0 else c_["lines"][keep:]
                        texts.setdefault(pj, []).append((c_, a, None, lines))
                    elif k == 0:
                        texts.setdefault(pj, []).append((c_, a, b - a, c_["lines"]))
        self.layout = {"pos": pos, "rows": rows}
        last = max(segs)
        for pg in range(self.page, last + 1):
            if pg > self.page:
                self.c.showPage()
            self.draw_rules(segs.get(pg, []))
            for c_, ytop, h, lines in texts.get(pg, []):
                s = c_["size"] or size
                lh = s * 1.3
                block = len(lines) * lh
                yy = ytop + (pad if h is None else max(pad, (h - block) / 2)) + (lh - s) / 2
                for ln in lines:
                    wln = width(ln, self.font, s)
                    if c_["align"] == "l":
                        x = c_["x0"] + pad
                    else:
                        x = (c_["x0"] + c_["x1"] - wln) / 2
                    draw_text(self.c, x, PAGE_H - yy - s * 0.88, ln, self.font, s)
                    yy += lh
        self.page = last
        self.ind_pages = [pos[i][0] for i, r in enumerate(rows) if r.get("tag") and r["tag"][0] == "ind"]
        inds = f["indicators"]
        self.name_lines = [next(c_["lines"] for c_ in r["cells"] if c_["text"] == inds[r["tag"][1]]["name"])
                           for r in rows if r.get("tag") and r["tag"][0] == "ind"]
        if split_row is not None:  # the split row's name: the lines on the row's first page
            k = f["split_ind"]
            self.name_lines[k] = self.name_lines[k][:keep]

    def budget_table(self, title, rows, unit_line):
        """One 决算 table on the current page: the title, the unit, and a ruled 项目 | 行次 | 金额 table in two halves
        (收入 on the left, 支出 on the right), as the budget tables of a 决算 package print them."""
        self.centered(title, 16, 10)
        size = 9
        left, W = (PAGE_W - 520) / 2, 520
        self.text_at(left, self.y, unit_line, size)
        self.y += size + 6
        widths = [170, 30, 60, 170, 30, 60]
        xs = xs_from(widths, left)
        head = ["项目", "行次", "金额", "项目", "行次", "金额"]
        half = (len(rows) + 1) // 2
        body = [head]
        for k in range(half):
            a = rows[k]
            b = rows[half + k] if half + k < len(rows) else ("", "")
            body.append([a[0], str(k + 1), a[1], b[0], str(half + k + 1) if b[0] else "", b[1]])
        rh = 18
        rects = []
        for r, cells in enumerate(body):
            y = self.y + r * rh
            for c_, text in enumerate(cells):
                rects.append((xs[c_], y, xs[c_ + 1], y + rh))
                if text:
                    w = width(text, self.font, size)
                    x = xs[c_] + 3 if c_ in (0, 3) and r else (xs[c_] + xs[c_ + 1] - w) / 2
                    if c_ in (2, 5) and r:
                        x = xs[c_ + 1] - 3 - w
                    self.text_at(x, y + (rh - size) / 2, text, size)
        self.draw_rules(rects)
        self.y += len(body) * rh

    def draw_rules(self, rects):
        c = self.c
        if self.spec.get("rules", "line") == "rect":
            # Word-like: every cell edge a thin filled rectangle, shared edges drawn twice
            t = 0.5
            c.setFillGray(0)
            for x0, y0, x1, y1 in rects:
                Y0, Y1 = PAGE_H - y0, PAGE_H - y1
                c.rect(x0 - t / 2, Y0 - t / 2, x1 - x0 + t, t, stroke=0, fill=1)
                c.rect(x0 - t / 2, Y1 - t / 2, x1 - x0 + t, t, stroke=0, fill=1)
                c.rect(x0 - t / 2, Y1 - t / 2, t, y1 - y0 + t, stroke=0, fill=1)
                c.rect(x1 - t / 2, Y1 - t / 2, t, y1 - y0 + t, stroke=0, fill=1)
        else:
            # stroked lines, each distinct segment once
            c.setLineWidth(0.6)
            seen = set()
            for x0, y0, x1, y1 in rects:
                for sgm in ((x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)):
                    key = tuple(round(v, 2) for v in sgm)
                    if key in seen:
                        continue
                    seen.add(key)
                    c.line(sgm[0], PAGE_H - sgm[1], sgm[2], PAGE_H - sgm[3])

    def save(self):
        self.c.showPage()
        self.c.save()


def render_canvas(spec, path):
    d = Doc(path, spec)
    d.narrative()
    pages = None
    if spec.get("form"):
        d.table()
        pages = d.ind_pages
        spec["_name_lines"] = d.name_lines
    d.save()
    return pages


def disable_tounicode(path):
    """Makes every font's ToUnicode map invisible (the key renamed to one of the same length, so every offset of the
    file stays right): a PDF whose text layer a reader can only get from the fonts themselves, as some producers
    write them."""
    with open(path, "rb") as fh:
        data = fh.read()
    if b"/ToUnicode" not in data:
        sys.exit("%s: no /ToUnicode to disable" % path)
    with open(path, "wb") as fh:
        fh.write(data.replace(b"/ToUnicode", b"/ToUnicodX"))


DECLARATION_COLS = [("l1", "一级指标", 80), ("l2", "二级指标", 100), ("name", "三级指标", 180), ("t", "指标值", 140)]


def declaration(p):
    """A sample's form turned into a 项目支出绩效目标申报表: the same header block and indicators, a one-column money
    block (年度预算数), the goal, and only 一级 | 二级 | 三级 | 指标值: targets without actuals, weights or scores."""
    f = p["form"]
    f["form_title"] = "项目支出绩效目标申报表"
    f["money_header"] = ["年度预算数"]
    f["money_widths"] = [54, 110, 336]
    f["money_rows"] = [(r[0], r[2]) for r in f["money_rows"]]
    f["ind_cols"] = DECLARATION_COLS
    f["no_total"] = True
    f["extra_rows"] = []
    p["title"], p["narrative"] = [], []


def package_parts(spec):
    """The parts of a department package, in page order: an existing sample's spec (deep-copied, with the spec's
    overrides), or {"kind": "narrative", "title": [...], "narrative": [...]} (text pages), or
    {"kind": "budget_tables", "tables": [(title, [(项目, 金额), ...]), ...]} (决算 tables, one a page). A part with
    "department_wide": True is a 部门整体支出绩效自评表 and one with "declaration": True a 绩效目标申报表: neither is a
    project."""
    import copy
    parts = []
    for part in spec["parts"]:
        if part.get("kind") in ("narrative", "budget_tables"):
            parts.append(dict(part, font=part.get("font", "cid"), department_wide=False, declaration=False))
            continue
        p = copy.deepcopy(load_spec(part["spec"]))
        for k, v in part.get("set", {}).items():
            p[k] = v
        for k, v in part.get("set_form", {}).items():
            p["form"][k] = v
        p["department_wide"] = part.get("department_wide", False)
        p["declaration"] = part.get("declaration", False)
        if p["declaration"]:
            declaration(p)
        parts.append(p)
    return parts


def render_package(spec, path):
    """Renders every part into one PDF, each starting on a new page; returns, per part, its indicator pages."""
    parts = package_parts(spec)
    d = Doc(path, dict(parts[0], name=spec["name"]))
    out = []
    for i, p in enumerate(parts):
        if i:
            d.new_page()
        d.spec = p
        d.font = font_name(p["font"])
        d.nfont = font_name(p.get("narr_font", p["font"]))
        if p.get("kind") == "budget_tables":
            for k, (title, rows) in enumerate(p["tables"]):
                if k:
                    d.new_page()
                d.budget_table(title, rows, p.get("unit_line", "单位：万元"))
            out.append(None)
            continue
        d.narrative()
        if p.get("kind") == "narrative":
            out.append(None)
            continue
        d.table()
        p["_name_lines"] = d.name_lines
        out.append(list(d.ind_pages))
    d.save()
    return parts, out


def make_package(spec):
    """Renders a package and returns its expected document: the v1 fields of the first project, and projects[]
    with each project's own expectations (the department-wide part is in no entry)."""
    pdf = os.path.join(HERE, spec["name"] + ".pdf")
    parts, pages = render_package(spec, pdf)
    npages = pdf_pages(pdf)
    if npages != spec["expected"]["pages"]:
        sys.exit("%s: the PDF has %d pages, the spec says %d" % (spec["name"], npages, spec["expected"]["pages"]))
    projects = []
    for p, ind_pages in zip(parts, pages):
        if p["department_wide"] or p["declaration"] or ind_pages is None:
            continue
        check_spec(p)
        check_pages(p, pdf, ind_pages, npages)
        one = expected_doc(p, npages, ind_pages)
        projects.append({k: one[k] for k in ("project", "budget", "indicators", "total_score", "findings")})
    doc = {"schema": "jxaudit.report/1", "pages": npages}
    doc.update(projects[0])
    doc["projects"] = projects
    with open(os.path.join(EXPECTED, spec["name"] + ".json"), "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    print("%-34s %2d pages %7d bytes %2d projects" % (spec["name"], npages, os.path.getsize(pdf), len(projects)))


# ---------------------------------------------------------------------------------------------------------------
# HTML rendering through Chromium (rowspans, <thead> repeated on every page)
# ---------------------------------------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
FIXED_DATE = b"D:20230315093000+08'00'"


def render_html(spec, path):
    f = spec["form"]
    e = html.escape
    h = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title><style>' % e(spec["name"]),
         '@page{size:A4;margin:16mm 15mm 16mm 15mm}',
         'body{font-family:"WenQuanYi Zen Hei";font-size:11pt;line-height:1.6}',
         'h1{font-size:17pt;font-weight:normal;text-align:center;margin:0 0 10px}',
         'h2{font-size:15pt;font-weight:normal;text-align:center;margin:14px 0 2px}',
         'p{text-indent:2em;margin:0}',
         '.c{text-align:center;text-indent:0}',
         'table{border-collapse:collapse;width:100%;font-size:9.5pt;line-height:1.35}',
         'td,th{border:0.8px solid #000;padding:3px 4px;font-weight:normal;text-align:center;vertical-align:middle}',
         'td.l{text-align:left}',
         'thead{display:table-header-group}',
         'tr{page-break-inside:avoid;break-inside:avoid}',
         '.brk{page-break-before:always}',
         '</style></head><body>']
    for t in spec.get("title", []):
        h.append("<h1>%s</h1>" % e(t))
    for p in spec.get("narrative", []):
        h.append("<p>%s</p>" % e(p))
    h.append('<h2 class="brk">%s</h2><p class="c">%s</p><p style="text-indent:0">%s</p>'
             % (e(f.get("form_title", "项目支出绩效自评表")), e(f["year_line"]), e(f["unit_line"])))
    # header + money + goals table
    h.append('<table><colgroup>' + ''.join('<col style="width:%s%%">' % w for w in f["html_top_cols"]) +
             '</colgroup>')
    h.append('<tr><td colspan="2">项目名称</td><td colspan="6" class="l">%s</td></tr>' % e(f["project"]))
    h.append('<tr><td colspan="2">主管部门</td><td colspan="2">%s</td><td colspan="1">实施单位</td>'
             '<td colspan="3">%s</td></tr>' % (e(f["department"]), e(f["implementer"])))
    mrows = f["money_rows"]
    h.append('<tr><td rowspan="%d">%s</td><td></td>' % (1 + len(mrows), e(f["money_label"])) +
             ''.join('<td>%s</td>' % e(x) for x in f["money_header"]) + '</tr>')
    for mr in mrows:
        h.append('<tr><td class="l">%s</td>' % e(mr[0]) + ''.join('<td>%s</td>' % e(x) for x in mr[1:]) + '</tr>')
    lab, h1, h2, t1, t2 = f["goals"]
    h.append('<tr><td rowspan="2">%s</td><td colspan="3">%s</td><td colspan="4">%s</td></tr>' % (e(lab), e(h1), e(h2)))
    h.append('<tr><td colspan="3" class="l">%s</td><td colspan="4" class="l">%s</td></tr></table>' % (e(t1), e(t2)))
    # indicator table
    cols = f["ind_cols"]
    h.append('<table style="margin-top:-1px"><colgroup>' +
             ''.join('<col style="width:%s%%">' % c[2] for c in cols) + '</colgroup>')
    if f.get("html_ind_header"):  # a header band: rows of (text, colspan, rowspan)
        h.append('<thead>' + ''.join('<tr>' + ''.join('<th colspan="%d" rowspan="%d">%s</th>' % (cs, rs, e(t))
                                                      for t, cs, rs in row) + '</tr>'
                                     for row in f["html_ind_header"]) + '</thead><tbody>')
    else:
        h.append('<thead><tr>' + ''.join('<th>%s</th>' % e(c[1]) for c in cols) + '</tr></thead><tbody>')
    inds = f["indicators"]
    for i, ind in enumerate(inds):
        tds = []
        for key, _, _ in cols:
            if key in ("l1", "l2"):
                same = (lambda j: inds[j]["l1"] == ind["l1"] and (key == "l1" or inds[j]["l2"] == ind["l2"]))
                if i > 0 and same(i - 1):
                    continue
                n = 1
                while i + n < len(inds) and same(i + n):
                    n += 1
                tds.append('<td rowspan="%d">%s</td>' % (n, e(ind[key])))
            else:
                cls = ' class="l"' if key == "note" and len(ind["note"]) > 6 else ""
                tds.append('<td%s>%s</td>' % (cls, e(ind_value(ind, key))))
        h.append('<tr>' + ''.join(tds) + '</tr>')
    keys = [c[0] for c in cols]
    tw, ts, tg = f["total"]
    if f.get("html_total"):  # the 总分 row's cells as (text, colspan), for column orders of their own
        h.append('<tr>' + ''.join('<td colspan="%d">%s</td>' % (cs, e(t)) for t, cs in f["html_total"]) + '</tr>')
    else:
        h.append('<tr><td colspan="%d">总分</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (keys.index("w"), e(tw),
                                                                                           e(ts), e(tg)))
    h.append('</tbody></table></body></html>')
    if not os.path.exists(CHROMIUM):
        sys.exit("chromium is missing (%s): install the Debian package chromium" % CHROMIUM)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, spec["name"] + ".html")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write("\n".join(h))
        out = os.path.join(tmp, "out.pdf")
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        "--disable-pdf-tagging", "--user-data-dir=" + os.path.join(tmp, "profile"),
                        "--print-to-pdf=" + out, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = open(out, "rb").read()
    # fixed dates (same length, so the xref offsets stay valid)
    data = re.sub(rb"D:\d{14}[+-]\d\d'\d\d'", lambda m: FIXED_DATE[:len(m.group(0))].ljust(len(m.group(0)), b"0"),
                  data)
    with open(path, "wb") as fh:
        fh.write(data)
    return None  # pages come from the spec (checked against the text)


# ---------------------------------------------------------------------------------------------------------------
# The independent computation of contract.md (exact arithmetic) and the check of the hand-written expectations
# ---------------------------------------------------------------------------------------------------------------
GE_WORDS = ["不少于", "不低于", "大于等于", "达到", "≥", "≧", ">=", "＞", ">"]
LE_WORDS = ["不高于", "不超过", "小于等于", "低于", "≤", "≦", "<=", "＜", "<"]
EQ_WORDS = ["=", "═", "＝", "等于"]
UNITS = sorted(["份", "个", "次", "人次", "条", "亿条", "万条", "万人次", "万元", "元", "%", "百分比", "小时", "天", "起", "项",
                "亿", "万", "套", "人", "所"], key=len,
               reverse=True)
LESS_IS_BETTER = ["时间", "时限", "成本", "投诉", "事故", "跑动"]
EMPTY_NOTES = {"", "无", "/", "-", "—"}
NUM_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


class SpecError(Exception):
    pass


def nfkc_nows(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def exact(numtext):
    return Fraction(numtext.replace(",", ""))


def sym_op(s):
    s = nfkc_nows(s)
    for w in ["≥", "≧", ">"]:
        if s == w:
            return ">="
    for w in ["≤", "≦", "<"]:
        if s == w:
            return "<="
    if s in ("=", "═"):
        return "="
    raise SpecError("unknown operator symbol %r" % s)


def parse_target(text, name, opcol=None, unitcol=None):
    t = nfkc_nows(text)
    m = NUM_RE.search(t)
    if not m:
        return None
    before = t[:m.start()]
    value = exact(m.group(0))
    unit = next((u for u in UNITS if t[m.end():].startswith(u)), "")
    if opcol is not None:
        op = sym_op(opcol)
        if not unit and unitcol:
            unit = nfkc_nows(unitcol)
    elif any(before.startswith(nfkc_nows(w)) for w in GE_WORDS):
        op = ">="
    elif any(before.startswith(nfkc_nows(w)) for w in LE_WORDS):
        op = "<="
    elif any(before.startswith(nfkc_nows(w)) for w in EQ_WORDS):
        op = "="
    elif before == "":
        op = "<=" if any(k in name for k in LESS_IS_BETTER) else ">="
    else:
        raise SpecError("target %r: words before the number not known" % text)
    return op, value, unit


def parse_actual(text):
    t = nfkc_nows(text)
    m = NUM_RE.search(t)
    if not m:
        return None
    unit = next((u for u in UNITS if t[m.end():].startswith(u)), "")
    return exact(m.group(0)), unit


def round2(x):
    """Half away from zero; refuses exact or near ties (float and exact arithmetic could then disagree)."""
    q = abs(x) * 100
    frac = q - int(q)
    if abs(frac - Fraction(1, 2)) < Fraction(1, 10 ** 6):
        raise SpecError("value %s sits on a rounding tie: choose other numbers" % float(x))
    n = int(q) + (1 if frac > Fraction(1, 2) else 0)
    return Fraction(n if x >= 0 else -n, 100)


def far(a, b, what):
    """a and b must not be within 1e-6 of each other (a threshold comparison would then be fragile)."""
    if abs(a - b) < Fraction(1, 10 ** 6):
        raise SpecError("%s: %s is on the threshold %s" % (what, float(a), float(b)))


def real_inds(f):
    """The form's indicator rows, without the template rows left in it (指标2: / ……), which are not indicators."""
    return [i for i in f["indicators"] if not i.get("tpl")]


# v1.1 (contract "Additions of v1.1", docs/rules-v11.md): word lists and parameters of the national profile
PROFILE_SPLIT = {"产出": Fraction(50), "效益": Fraction(30), "满意度": Fraction(10)}
PROFILE_BUDGET_WEIGHT = Fraction(10)
GRADE_BANDS = [(Fraction(90), "优"), (Fraction(80), "良"), (Fraction(60), "中")]  # else 差
TOTAL_COST_WORDS = ["项目总成本", "总成本", "项目成本", "总投入"]
BUDGET_WORDS = ["预算执行率", "资金执行率", "预算完成率", "资金支付率", "支出进度"]
PLACEHOLDERS = ["(100字以内)", "对照年度目标", "结合自评情况", "请填写"]
BOUNDED_RATE_ENDINGS = ["率", "满意度"]
EMPTY_CELLS = {"", "—", "-", "/"}
PREFIX = {"万": Fraction(10 ** 4), "亿": Fraction(10 ** 8)}


def unit_norm(u):
    """A unit after NFKC, 百分比 read as %."""
    u = nfkc_nows(u)
    return "%" if u == "百分比" else u


def unit_factor(frm, to):
    """The factor that converts a value in unit `frm` into unit `to` when both are the same base unit (possibly
    empty) after an optional 万 / 亿 prefix (10亿条 = 100000万条, 万元 -> 元); None when they cannot be converted."""
    def split(u):
        if u and u[0] in PREFIX:
            return PREFIX[u[0]], u[1:]
        return Fraction(1), u
    (mf, bf), (mt, bt) = split(unit_norm(frm)), split(unit_norm(to))
    if bf != bt:
        return None
    return mf / mt


def placeholder(text):
    """Template text: a placeholder word (compared after NFKC) or a text made only of ellipsis dots."""
    t = nfkc_nows(text)
    return any(nfkc_nows(w) in t for w in PLACEHOLDERS) or bool(re.fullmatch(r"[.⋯]+", t))


def empty_note_v11(note):
    t = nfkc_nows(note)
    return t in EMPTY_NOTES or t == "0" or placeholder(note)


def short_l1(label):
    """The short form of a 一级 label: without its points, then without a trailing 指标 or 目标."""
    t = re.sub(r"\(\d+(?:\.\d+)?分?\)$", "", nfkc_nows(label))
    return re.sub(r"(指标|目标)$", "", t)


def label_points(label):
    m = re.match(r"^(.*?)\((\d+(?:\.\d+)?)分?\)$", nfkc_nows(label))
    return exact(m.group(2)) if m else None


def under_output(ind):
    return short_l1(ind["l1"]) == "产出"


def under_benefit(ind):
    return short_l1(ind["l1"]) == "效益" or "效益" in nfkc_nows(ind["l2"])


def edge(a, b, what):
    """Like far(), but a value exactly on the threshold is allowed: the boundary cases the samples aim at (exact
    arithmetic then decides, as the contract's "more than" / "at least" with a 1e-9 tolerance do)."""
    if a != b:
        far(a, b, what)


def grade_of(total):
    for low, g in GRADE_BANDS:
        if total >= low:
            return g
    return "差"


def form_year(f):
    t = nfkc_nows(f.get("form_title", "") + f["year_line"])
    m = re.search(r"(\d{4})年度", t) or re.search(r"(20\d\d)", nfkc_nows(f["year_line"]))
    return int(m.group(1)) if m else None


def stated_grade(f):
    texts = [f["total"][2]] + [t for t, _ in f.get("html_total", [])]
    for t in texts:
        t = nfkc_nows(t)
        m = re.search(r"等级[:]?([优良中差])", t) or re.fullmatch(r"([优良中差])", t)
        if m:
            return m.group(1)
    return None


NARR_NUM = r"(\d[\d,]*(?:\.\d+)?)"
NARR_GAP = r"[^\d。，,；;、]{0,12}?"
# The contract's words, and the table's own names of the same columns (全年预算数 / 调整后预算数, 全年执行数).
NARR_QUANTITIES = [("年度预算", "annual", r"(?:年度预算|全年预算|调整后预算)" + NARR_GAP + NARR_NUM + r"(万元|元)"),
                   ("实际支出", "executed", r"(?:实际支出|全年执行)" + NARR_GAP + NARR_NUM + r"(万元|元)"),
                   ("预算执行率", "rate", r"预算执行率" + NARR_GAP + NARR_NUM + r"%"),
                   ("自评得分", "total", r"自评" + NARR_GAP + NARR_NUM + r"分")]


def narrative_statements(spec):
    """(quantity, value, unit) stated in the running text (not the tables, not the goal cells)."""
    text = "".join(nfkc_nows(p) for p in spec.get("narrative", []))
    out = []
    for q, key, rx in NARR_QUANTITIES:
        for m in re.finditer(rx, text):
            out.append((key, exact(m.group(1)), m.group(2) if m.lastindex > 1 else None))
    return out


def compute(spec):
    """The contract's recomputation and rules, from the PDF's cell texts only. Returns a dict to compare."""
    f = spec["form"]
    out = {"indicators": [], "findings": []}
    b = f["money_rows"][0]
    # the amount/score columns the form prints, in its order (any of: initial annual executed weight rate score);
    # a column the form lacks, or a cell printed blank or '—', is None
    mk = f["money_keys"]
    val = {k: nfkc_nows(b[1 + i]) for i, k in enumerate(mk)}
    budget = {}
    for k in ("initial", "annual", "executed", "weight", "rate", "score"):
        m = NUM_RE.search(val.get(k, ""))
        budget[k] = exact(m.group(0)) if m else None
    out["budget"] = budget
    bunit = "万元" if "万元" in nfkc_nows(f["unit_line"]) else "元"
    out["budget_rows"] = []
    for row in f["money_rows"]:
        vals = {k: nfkc_nows(row[1 + i]) for i, k in enumerate(mk)}
        got = [row[0]]
        for k in ("initial", "annual", "executed"):
            m = NUM_RE.search(vals.get(k, ""))
            got.append(exact(m.group(0)) if m else None)
        out["budget_rows"].append(tuple(got))
    exp_bscore = None
    report = []
    if None not in (budget["executed"], budget["annual"]) and budget["annual"] != 0:
        rate = budget["executed"] / budget["annual"] * 100
        if budget["rate"] is not None:
            far(abs(budget["rate"] - rate), Fraction(1, 2), "budget rate difference")
            if abs(budget["rate"] - rate) > Fraction(1, 2):
                report.append("budget.rate_mismatch")
        if budget["weight"] is not None:
            exp_bscore = round2(budget["weight"] * min(budget["executed"] / budget["annual"], 1))
    out["budget_expected_score"] = exp_bscore
    if exp_bscore is not None and budget["score"] is not None:
        far(abs(budget["score"] - exp_bscore), Fraction(5, 100), "budget score difference")
        far(abs(budget["score"] - budget["weight"] * min(budget["executed"] / budget["annual"], 1)), Fraction(5, 100),
            "budget score difference (unrounded)")
        if abs(budget["score"] - exp_bscore) > Fraction(5, 100):
            report.append("budget.score_mismatch")
    inds = real_inds(f)
    wsum = (budget["weight"] or 0) + sum(exact(nfkc_nows(i["w"])) for i in inds)
    if abs(wsum - 100) > Fraction(1, 100):
        report.append("score.weight_sum")
    # the stated budget score, else the one it should have, else 0 (contract: score.total_mismatch)
    bstated = budget["score"] if budget["score"] is not None else (exp_bscore or 0)
    selfsum = bstated + sum(exact(nfkc_nows(i["s"])) for i in inds)
    stated_total = exact(NUM_RE.search(nfkc_nows(f["total"][1])).group(0))
    far(abs(stated_total - selfsum), Fraction(5, 100), "total difference")
    if abs(stated_total - selfsum) > Fraction(5, 100):
        report.append("score.total_mismatch")
    # satisfaction indicators sit under a 一级 满意度, or (Jiangsu's 结果目标) under a 二级 满意度
    if not any("满意度" in i["l1"] or "满意度" in i["l2"] for i in inds):
        report.append("structure.no_satisfaction")
    out["findings"] += [(r, None) for r in report]
    report = []  # v1.1 report-level findings, in the order of docs/rules-v11.md
    # budget.subrows_mismatch: per column, the 年度资金总额 row against the sum of the rows under it (blank = 0)
    rows = out["budget_rows"]
    for col in (1, 2, 3):
        tot, subs = rows[0][col], [r[col] for r in rows[1:]]
        if tot is not None and any(v is not None for v in subs):
            d = abs(tot - sum(v or 0 for v in subs))
            edge(d, Fraction(1, 100), "subrows difference")
            if d > Fraction(1, 100):
                report.append("budget.subrows_mismatch")
    if None not in (budget["executed"], budget["annual"]):
        edge(budget["executed"] - budget["annual"], Fraction(1, 100), "over-execution")
        if budget["executed"] - budget["annual"] > Fraction(1, 100):
            report.append("budget.over_executed")
    if None not in (budget["initial"], budget["annual"]) and budget["initial"] > 0:
        d = abs(budget["initial"] - budget["annual"])
        edge(d, budget["initial"] / 10, "budget adjustment")
        if d > budget["initial"] / 10:
            report.append("budget.adjusted")
    outputs = [i for i in inds if under_output(i)]
    if None not in (budget["executed"], budget["annual"]) and budget["annual"] != 0 and outputs:
        rate = budget["executed"] / budget["annual"]
        ws = sum(exact(nfkc_nows(i["w"])) for i in outputs)
        ss = sum(exact(nfkc_nows(i["s"])) for i in outputs)
        edge(rate, Fraction(4, 5), "execution rate against 80%")
        edge(ss, ws * Fraction(95, 100), "产出 self scores against 95% of their weights")
        if rate < Fraction(4, 5) and ss >= ws * Fraction(95, 100):
            report.append("budget.low_execution_full_marks")
    # score.level_weight_mismatch: one finding per report
    bad_levels = []
    for key in ("l1", "l2"):
        groups = {}
        for i in inds:
            g = (i["l1"],) if key == "l1" else (i["l1"], i["l2"])
            groups.setdefault(g, []).append(exact(nfkc_nows(i["w"])))
        for g, ws in groups.items():
            pts = label_points(g[-1])
            if pts is not None:
                edge(abs(pts - sum(ws)), Fraction(1, 100), "level points")
                if abs(pts - sum(ws)) > Fraction(1, 100):
                    bad_levels.append(g)
    if bad_levels:
        report.append("score.level_weight_mismatch")
    grade = stated_grade(f)
    out["grade"] = grade
    if grade is not None and grade != grade_of(stated_total):
        report.append("score.grade_mismatch")
    if grade is not None:
        for low, _ in GRADE_BANDS:
            edge(stated_total, low, "grade band")
    if not any(under_output(i) for i in inds):
        report.append("structure.missing_level")
    benefits = [i for i in inds if under_benefit(i)]
    if not benefits:
        report.append("structure.missing_level")
    year = form_year(f)
    out["year"] = year
    if year is not None and year >= 2021 and not any("成本" in nfkc_nows(i["l2"]) for i in inds):
        report.append("structure.no_cost")
    split = {}
    for i in inds:
        split[short_l1(i["l1"])] = split.get(short_l1(i["l1"]), 0) + exact(nfkc_nows(i["w"]))
    out["split"] = split
    off = [k for k, v in split.items() if k not in PROFILE_SPLIT or abs(v - PROFILE_SPLIT[k]) > Fraction(1, 100)]
    if budget["weight"] is not None and abs(budget["weight"] - PROFILE_BUDGET_WEIGHT) > Fraction(1, 100):
        off.append("budget")
    if off:
        report.append("structure.weights_not_standard")
    iw = [exact(nfkc_nows(i["w"])) for i in inds]
    if len(iw) < 3:
        report.append("structure.dominant_indicator")
    elif sum(iw) > 0:
        edge(max(iw), sum(iw) * Fraction(45, 100), "dominant share")
        if max(iw) >= sum(iw) * Fraction(45, 100):
            report.append("structure.dominant_indicator")
    if benefits and not any(parse_target(i["t"], i["name"], i.get("opcol"), i.get("unitcol")) for i in benefits):
        report.append("structure.slogan_benefits")
    if f.get("goals") and any(placeholder(t) for t in f["goals"][3:]):
        report.append("text.placeholder_left")
    for i in f["indicators"]:
        if i.get("tpl") and any(placeholder(i[k]) for k in ("name", "t", "a", "w", "s", "note")):
            report.append("text.placeholder_left")
    if f.get("goals"):
        def bare(t):
            return "".join(ch for ch in unicodedata.normalize("NFKC", t)
                           if not ch.isspace() and unicodedata.category(ch)[0] not in "PS")
        e_, a_ = bare(f["goals"][3]), bare(f["goals"][4])
        if e_ == a_ and len(a_) >= 10:
            report.append("text.goal_copied")
    # narrative.table_mismatch: one finding per quantity, against the table as printed
    table = {"annual": budget["annual"], "executed": budget["executed"], "rate": budget["rate"],
             "total": stated_total}
    stm = narrative_statements(spec)
    out["narrative_statements"] = stm
    for key in ("annual", "executed", "rate", "total"):
        for k, v, u in stm:
            if k != key or table[key] is None:
                continue
            if key in ("annual", "executed"):
                v = v * unit_factor(u, bunit)
                limit = Fraction(1, 100)
            else:
                limit = Fraction(1, 2)
            edge(abs(v - table[key]), limit, "narrative " + key)
            if abs(v - table[key]) > limit:
                report.append("narrative.table_mismatch")
                break
    out["findings"] += [(r, None) for r in report]
    too_low_ratio = Fraction(6, 5)
    # contract: the budget score it should have, or when it cannot be computed the stated one, else 0
    total = exp_bscore if exp_bscore is not None else (budget["score"] or 0)
    for ind in inds:
        tgt = parse_target(ind["t"], ind["name"], ind.get("opcol"), ind.get("unitcol"))
        act = parse_actual(ind["a"])
        w = exact(nfkc_nows(ind["w"]))
        s = exact(nfkc_nows(ind["s"]))
        fired = []
        not_ach = False
        dev_unexpl = False
        blank_t, blank_a = nfkc_nows(ind["t"]) in EMPTY_CELLS, nfkc_nows(ind["a"]) in EMPTY_CELLS
        if tgt is None:
            rec = s
            fired.append("indicator.not_quantified")
        elif act is None:
            rec = s  # indicator.unverifiable_actual (or a blank actual): as for a qualitative target
        else:
            op, tv, tu = tgt
            factor = unit_factor(act[1], tu)
            av = act[0] * (factor if factor is not None else 1)  # the actual in the target's unit
            if tv == 0:
                met = (av <= 0) if op == "<=" else (av >= 0 if op == "=" else True)
                rec = w if met else Fraction(0)
                if op == "=" and av > 0:
                    raise SpecError("%s: '= 0' with a positive actual is not covered by the contract" % ind["name"])
            elif op in (">=", "="):
                rec = round2(w * min(av / tv, 1))
            else:
                rec = w if av == 0 else round2(w * min(tv / av, 1))
            if op in (">=", "="):
                not_ach = av < tv
                too_low = tv != 0 and av >= too_low_ratio * tv
            else:
                not_ach = av > tv
                too_low = tv != 0 and tv >= too_low_ratio * av
            if tv != 0:
                if op in (">=", "="):
                    if av != too_low_ratio * tv:
                        far(av, too_low_ratio * tv, ind["name"] + " too_low")
                elif tv != too_low_ratio * av:
                    far(tv, too_low_ratio * av, ind["name"] + " too_low")
            far(s - rec, Fraction(5, 100), ind["name"] + " overrated")
            if s - rec > Fraction(5, 100):
                fired.append("score.overrated")
            if not_ach:
                fired.append("target.not_achieved")
            if too_low:
                fired.append("target.too_low")
            if (not_ach or too_low) and nfkc_nows(ind["note"]) in EMPTY_NOTES:
                fired.append("deviation.unexplained")
                dev_unexpl = True
        # v1.1 indicator rules, in the order of docs/rules-v11.md
        if ("成本" in nfkc_nows(ind["l2"]) and any(wd in ind["name"] for wd in TOTAL_COST_WORDS) and act is not None
                and unit_norm(act[1]) in ("元", "万元") and budget["executed"] is not None):
            a_ = act[0] * unit_factor(act[1], bunit)
            edge(abs(a_ - budget["executed"]), budget["executed"] / 100, ind["name"] + " cost")
            if abs(a_ - budget["executed"]) > budget["executed"] / 100:
                fired.append("budget.cost_mismatch")
        edge(s, w + Fraction(5, 1000), ind["name"] + " over weight")
        if s > w + Fraction(5, 1000) or s < 0:
            fired.append("score.over_weight")
        docked = s < w - Fraction(5, 100)
        edge(s, w - Fraction(5, 100), ind["name"] + " docked")
        met_docked = tgt is not None and act is not None and not not_ach and docked and empty_note_v11(ind["note"])
        if met_docked:
            fired.append("score.met_but_docked")
        if docked and empty_note_v11(ind["note"]) and not dev_unexpl and not met_docked:
            fired.append("score.docked_unexplained")
        if tgt is not None and act is None and not blank_a:
            fired.append("indicator.unverifiable_actual")
        if tgt is not None and act is not None:
            tu, au = unit_norm(tgt[2]), unit_norm(act[1])
            if (tu and au and not tu.startswith(au) and not au.startswith(tu) and tu != au
                    and unit_factor(au, tu) is None):
                fired.append("indicator.unit_mismatch")
        if (tgt is not None and unit_norm(tgt[2]) == "%" and tgt[1] > 100
                and any(ind["name"].endswith(e_) for e_ in BOUNDED_RATE_ENDINGS)):
            fired.append("indicator.impossible_target")
        if ind["name"].strip() and (blank_t or blank_a):
            fired.append("indicator.missing_value")
        if (under_output(ind) or under_benefit(ind)) and any(wd in ind["name"] for wd in BUDGET_WORDS):
            fired.append("structure.budget_as_indicator")
        if any(placeholder(ind[k]) for k in ("name", "t", "a", "note")):
            fired.append("text.placeholder_left")
        total += rec
        out["indicators"].append({"target": tgt, "actual": act, "rec": rec})
        out["findings"] += [(r, ind["name"]) for r in fired]
    out["total"] = total
    # narrative breakdowns
    for ind_name in narrative_mismatches(spec):
        out["findings"].append(("narrative.sum_mismatch", ind_name))
    return out


COUNT_UNITS = ["人次", "项", "个", "份", "场", "次", "条", "家"]


def narrative_mismatches(spec):
    """Sentences '…包含 A 15 份、B 10 份……合计 36 份' whose parts do not add up; yields the indicator name or None."""
    names = [i["name"] for i in real_inds(spec["form"])] if spec.get("form") else []
    sentences = []
    for p in spec.get("narrative", []):
        sentences += [s for s in re.split(r"(?<=。)", nfkc_nows(p)) if s]
    # the 年度总体目标 texts are read the same way, after the narrative
    if spec.get("form") and spec["form"].get("goals"):
        for p in spec["form"]["goals"][3:]:
            sentences += [s for s in re.split(r"(?<=。)", nfkc_nows(p)) if s]
    unit_re = "|".join(COUNT_UNITS)
    for k, s in enumerate(sentences):
        m = re.search(r"包含[:：]?(.*?)[,，、]?合计(\d[\d,]*)(%s)" % unit_re, s)
        if not m:
            continue
        parts = [exact(x) for x, u in re.findall(r"(\d[\d,]*(?:\.\d+)?)(%s)" % unit_re, m.group(1))]
        if sum(parts) != exact(m.group(2)):
            about = None
            for n in names:
                if n in s or (k > 0 and n in sentences[k - 1]):
                    about = n
                    break
            yield about


def check_spec(spec):
    """Compares the hand-written expectations with compute(); raises SpecError on any disagreement."""
    got = compute(spec)
    exp = spec["expected"]
    errs = []
    f = spec["form"]
    # text fields are written so that NFKC leaves them alone: the expected JSON then does not depend on whether
    # the tool normalises them (only target/actual texts, compared after NFKC, may hold full-width forms)
    fields = [f["project"], f["department"], f["implementer"]]
    for ind in real_inds(f):
        # a numbered name keeps its full-width colon as printed (指标1：…): the contract keeps names as printed
        fields += [ind["l1"], ind["l2"], ind["name"].replace("：", ""), ind["note"]]
    for x in fields:
        if unicodedata.normalize("NFKC", x) != x:
            errs.append("%r changes under NFKC: write it without full-width forms" % x)
    eb = exp["budget"]
    for k, jk in (("initial", "initial_budget"), ("annual", "annual_budget"), ("executed", "executed"),
                  ("rate", "execution_rate"), ("weight", "weight"), ("score", "score")):
        want = None if eb[jk] is None else Fraction(str(eb[jk]))
        if got["budget"][k] != want:
            errs.append("budget.%s: hand %s, computed %s" % (jk, eb[jk], got["budget"][k]))
    if "budget_rows" in exp:
        hand = [(r[0],) + tuple(None if v is None else Fraction(str(v)) for v in r[1:]) for r in exp["budget_rows"]]
        if hand != got["budget_rows"]:
            errs.append("budget rows:\n  hand     %r\n  computed %r" % (hand, got["budget_rows"]))
    for ind, g in zip(real_inds(f), got["indicators"]):
        ht = ind["tgt"]
        if (ht is None) != (g["target"] is None) or (ht is not None and (
                ht[0] != g["target"][0] or Fraction(str(ht[1])) != g["target"][1] or ht[2] != g["target"][2])):
            errs.append("%s target: hand %r, computed %r" % (ind["name"], ht, g["target"]))
        ha = ind["act"]
        if (ha is None) != (g["actual"] is None) or (ha is not None and (
                Fraction(str(ha[0])) != g["actual"][0] or ha[1] != g["actual"][1])):
            errs.append("%s actual: hand %r, computed %r" % (ind["name"], ha, g["actual"]))
        if Fraction(str(ind["r"])) != g["rec"]:
            errs.append("%s recomputed: hand %s, computed %s" % (ind["name"], ind["r"], float(g["rec"])))
    if Fraction(str(exp["total_recomputed"])) != got["total"]:
        errs.append("total recomputed: hand %s, computed %s" % (exp["total_recomputed"], float(got["total"])))
    hand = [tuple(x) for x in exp["findings"]]
    if hand != got["findings"]:
        errs.append("findings:\n  hand     %r\n  computed %r" % (hand, got["findings"]))
    if errs:
        raise SpecError("%s:\n  " % spec["name"] + "\n  ".join(errs))
    return got


# ---------------------------------------------------------------------------------------------------------------
# Expected JSON
# ---------------------------------------------------------------------------------------------------------------
def num(x):
    """A JSON number as the contract writes values: an integer when integral, else the decimal."""
    x = Fraction(str(x))
    return int(x) if x.denominator == 1 else float(x)


def flt(x):
    return float(Fraction(str(x)))


def expected_doc(spec, pages, ind_pages):
    f, exp = spec["form"], spec["expected"]
    p = exp["project"]
    doc = {"schema": "jxaudit.report/1", "pages": pages,
           "project": {"name": p["name"], "department": p["department"], "implementer": p["implementer"],
                       "year": p["year"], "level": p["level"]},
           "budget": {"unit": exp["budget"]["unit"]}, "indicators": []}
    for k in ("initial_budget", "annual_budget", "executed", "execution_rate", "weight", "score"):
        doc["budget"][k] = None if exp["budget"][k] is None else flt(exp["budget"][k])
    if "budget_rows" in exp:
        doc["budget"]["rows"] = [{"label": r[0], "initial_budget": None if r[1] is None else flt(r[1]),
                                  "annual_budget": None if r[2] is None else flt(r[2]),
                                  "executed": None if r[3] is None else flt(r[3])} for r in exp["budget_rows"]]
    for ind, pg in zip(real_inds(f), ind_pages):
        t, a = ind["tgt"], ind["act"]
        doc["indicators"].append({
            "level1": ind["l1"].replace("\n", ""), "level2": ind["l2"].replace("\n", ""),
            "name": re.sub(r"\s+", "", ind["name"]),
            "target_text": nfkc_nows(ind["t"]),
            "target": None if t is None else {"op": t[0], "value": num(t[1]), "unit": t[2]},
            "actual_text": nfkc_nows(ind["a"]),
            "actual": None if a is None else {"value": num(a[0]), "unit": a[1]},
            "weight": flt(nfkc_nows(ind["w"])), "self_score": flt(nfkc_nows(ind["s"])),
            "recomputed_score": flt(ind["r"]), "deviation_note": nfkc_nows(ind["note"]) if ind["note"] else "",
            "page": pg})
    doc["total_score"] = {"stated": flt(exp["total_stated"]), "recomputed": flt(exp["total_recomputed"])}
    # v1.1 fields, for the specs that write them out: labels that print their points, the grade, the goal texts.
    if exp.get("level_points"):
        for ind, d in zip(real_inds(f), doc["indicators"]):
            for key, field in (("l1", "level1"), ("l2", "level2")):
                m = re.match(r"^(.*?)[（(](\d+(?:\.\d+)?)分?[)）]$", re.sub(r"\s+", "", ind[key]))
                d[field] = m.group(1) if m else re.sub(r"\s+", "", ind[key])
                d[field + "_points"] = num(m.group(2)) if m else None
    if "grade" in exp:
        doc["total_score"]["grade"] = exp["grade"]
    if "goal" in exp:
        doc["goal"] = exp["goal"]
    doc["findings"] = [{"rule": r, "indicator": i} for r, i in exp["findings"]]
    return doc


# ---------------------------------------------------------------------------------------------------------------
# PDF checks
# ---------------------------------------------------------------------------------------------------------------
def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def page_text(path, p):
    out = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), path, "-"], check=True, capture_output=True,
                         text=True).stdout
    return re.sub(r"\s+", "", out)


def find_pages(spec, path):
    """The page on which each indicator's name is printed (names are unique and not wrapped in the HTML sample)."""
    n = pdf_pages(path)
    texts = {p: page_text(path, p) for p in range(1, n + 1)}
    out = []
    for ind in real_inds(spec["form"]):
        hits = [p for p in texts if ind["name"] in texts[p] and "三级指标" in texts[p]]  # table pages only
        if len(hits) != 1:
            raise SpecError("%s: %s found on pages %r" % (spec["name"], ind["name"], hits))
        out.append(hits[0])
    return out


def check_pages(spec, path, ind_pages, npages):
    """Each indicator's name must be readable on its page: every line of its (wrapped) cell."""
    texts = {p: page_text(path, p) for p in range(1, npages + 1)}
    errs = []
    lines = spec.get("_name_lines") or [[ind["name"]] for ind in real_inds(spec["form"])]
    for ind, pg, lns in zip(real_inds(spec["form"]), ind_pages, lines):
        if not all(re.sub(r"\s+", "", ln) in texts[pg] for ln in lns):
            errs.append("%s: not found on page %d" % (ind["name"], pg))
    if errs:
        raise SpecError("%s: %s" % (spec["name"], "; ".join(errs)))


# ---------------------------------------------------------------------------------------------------------------
# Bad inputs
# ---------------------------------------------------------------------------------------------------------------
def pdf_from_objects(objs):
    """A PDF file from its objects (numbered from 1; object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + (body if isinstance(body, bytes) else body.encode("latin-1")) + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def stream_object(data, extra=""):
    data = data if isinstance(data, bytes) else data.encode("latin-1")
    head = ("<< /Length %d %s>>\nstream\n" % (len(data), extra + " " if extra else "")).encode("latin-1")
    return head + data + b"\nendstream"


def one_page(contents_ref, resources):
    return ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %s >>"
            % (resources, contents_ref)]


def hostile_inputs():
    """The hostile files of the catalogue, built from their objects: each must cost one failed row, quickly."""
    files = []
    # An inflate bomb: 80 MiB of zeros in the page's content stream (the default cap is 64 MiB per page).
    bomb = zlib.compress(bytes(80 << 20), 9)
    files.append(("inflate-bomb", "limit_exceeded",
                  "a page content stream that inflates to 80 MiB of zeros: max_content_bytes_per_page",
                  pdf_from_objects(one_page("4 0 R", "<< >>") + [stream_object(bomb, "/Filter /FlateDecode")])))
    # Twelve levels of forms, each drawing the one below ten times: 10^12 form draws, never nested deeper than 12.
    levels = 12
    objs = one_page("4 0 R", "<< /XObject << /X %d 0 R >> >>" % (4 + levels)) + [stream_object("/X Do")]
    form = "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources "
    objs.append(stream_object("0 0 m 1 1 l S", form + "<< >>"))
    for k in range(2, levels + 1):
        objs.append(stream_object("/X Do " * 10, form + "<< /XObject << /X %d 0 R >> >>" % (4 + k - 1)))
    files.append(("form-fan-out", "limit_exceeded",
                  "forms drawing each other ten times over, twelve levels deep (10^12 draws): max_state_saves_per_page",
                  pdf_from_objects(objs)))
    # A tiling pattern with a step of 0.001 point over the whole page: 5 x 10^11 cells for a renderer.
    pattern = stream_object("0 0 1 1 re f", "/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 1 1] "
                            "/XStep 0.001 /YStep 0.001 /Resources << >>")
    files.append(("tiling-pattern-0.001pt", "limit_exceeded",
                  "a tiling pattern with a 0.001-point step filling the page (5 x 10^11 cells): "
                  "max_pattern_tiles_per_page",
                  pdf_from_objects(one_page("4 0 R", "<< /Pattern << /P0 5 0 R >> >>")
                                   + [stream_object("/Pattern cs /P0 scn 0 0 595 842 re f"), pattern])))
    # An image declaring 100000 x 100000 pixels over ten bytes of data.
    image = stream_object("0123456789", "/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                          "/BitsPerComponent 8 /ColorSpace /DeviceGray")
    files.append(("huge-image", "limit_exceeded",
                  "an image XObject of 100000 x 100000 pixels over ten bytes of data: max_image_pixels",
                  pdf_from_objects(one_page("4 0 R", "<< /XObject << /Im0 5 0 R >> >>")
                                   + [stream_object("q 100 0 0 100 0 0 cm /Im0 Do Q"), image])))
    # An inline image of 40000 x 40000 pixels over four bytes.
    files.append(("huge-inline-image", "limit_exceeded",
                  "an inline image of 40000 x 40000 pixels over four bytes of data: max_image_pixels",
                  pdf_from_objects(one_page("4 0 R", "<< >>") + [stream_object(
                      "q 100 0 0 100 0 0 cm BI /W 40000 /H 40000 /BPC 8 /CS /G ID \x00\x00\x00\x00 EI Q")])))
    # 501 pages (the cap is 500), each blank.
    n = 501
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % (3 + i) for i in range(n)), n)]
    objs += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    files.append(("too-many-pages", "limit_exceeded", "501 blank pages (the cap is 500): max_pages",
                  pdf_from_objects(objs)))
    # A form that draws itself, twice: Poppler's recursion guard ends it; nothing is drawn, so there is no table.
    objs = one_page("4 0 R", "<< /XObject << /X 5 0 R >> >>") + [
        stream_object("/X Do"), stream_object("/X Do /X Do", form + "<< /XObject << /X 5 0 R >> >>")]
    files.append(("form-draws-itself", "no_table",
                  "a page whose only form draws itself twice: the recursion ends, nothing is drawn, no table",
                  pdf_from_objects(objs)))
    return files


def make_bad(manifest):
    """samples/bad/: the numbered catalogue of bad inputs. Each is one failed row with the outcome its expected file
    names (samples/README.md lists them); numbers are never reused, new ones go at the end."""
    os.makedirs(BAD, exist_ok=True)
    os.makedirs(os.path.join(EXPECTED, "bad"), exist_ok=True)
    items = []
    # 01. text with a .pdf name
    p = os.path.join(BAD, "01-not-a-pdf.pdf")
    with open(p, "w", encoding="utf-8") as fh:
        fh.write("项目支出绩效自评表（2022年度）\n这不是PDF文件，是一份以 .pdf 结尾的纯文本。\n")
    items.append(("01-not-a-pdf", "not_pdf", "a text file named .pdf: no %PDF header", "not a PDF file"))
    # 02. zero bytes
    open(os.path.join(BAD, "02-empty.pdf"), "wb").close()
    items.append(("02-empty", "empty", "zero bytes", "empty file (0 bytes)"))
    # 03. a real sample cut in half: the page tree and the xref are gone
    src = open(os.path.join(HERE, "cid-clean-2022.pdf"), "rb").read()
    with open(os.path.join(BAD, "03-truncated.pdf"), "wb") as fh:
        fh.write(src[:len(src) // 2])
    items.append(("03-truncated", "damaged", "cid-clean-2022.pdf cut in half (no catalog, no xref)",
                  "damaged: "))
    # 04. encrypted with a user password
    spec = load_spec("cid-clean-2022")
    spec = dict(spec, encrypt="jx2022")
    render_canvas(spec, os.path.join(BAD, "04-encrypted.pdf"))
    items.append(("04-encrypted", "encrypted", "cid-clean-2022 with a user password (RC4 128): cannot be opened",
                  "encrypted: needs a password"))
    # 05. narrative only
    spec = load_spec("cid-clean-2022")
    spec = dict(spec, form=None, name="no-table")
    render_canvas(spec, os.path.join(BAD, "05-no-table.pdf"))
    items.append(("05-no-table", "no_table", "the narrative of cid-clean-2022 without its table",
                  "no self-evaluation table found"))
    # 06 on: hostile files, built from their objects
    for i, (name, outcome, desc, data) in enumerate(hostile_inputs(), 6):
        numbered = "%02d-%s" % (i, name)
        with open(os.path.join(BAD, numbered + ".pdf"), "wb") as fh:
            fh.write(data)
        limit = desc.rsplit(": ", 1)[1] if outcome == "limit_exceeded" else None
        items.append((numbered, outcome, desc, "limit %s (" % limit if limit else "no self-evaluation table found"))
    # The expected file: the outcome, and how the message a person reads begins.
    for name, outcome, desc, message in items:
        ep = os.path.join(EXPECTED, "bad", name + ".json")
        with open(ep, "w", encoding="utf-8") as fh:
            json.dump({"error_outcome": outcome, "error_starts_with": message}, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        manifest.append({"name": "bad/" + name, "pdf": "samples/bad/%s.pdf" % name,
                         "expected": "samples/expected/bad/%s.json" % name, "exit_code": 1, "description": desc})


# ---------------------------------------------------------------------------------------------------------------
def load_spec(name):
    path = os.path.join(SPECS, name.replace("-", "_") + ".py")
    sp = importlib.util.spec_from_file_location("spec_" + name.replace("-", "_"), path)
    mod = importlib.util.module_from_spec(sp)
    sp.loader.exec_module(mod)
    s = mod.SPEC
    assert s["name"] == name, (s["name"], name)
    return s


def all_names():
    return sorted(fn[:-3].replace("_", "-") for fn in os.listdir(SPECS) if fn.endswith(".py") and fn[0] != "_")


def main(argv):
    names = all_names()
    only = set(argv) or set(names)
    for n in only - set(names):
        sys.exit("no spec named %s" % n)
    specs = [load_spec(n) for n in names]
    # 1. every hand-written expectation against the independent computation, before anything is written
    failed = []
    packages = [s for s in specs if s.get("parts")]
    specs = [s for s in specs if not s.get("parts")]
    for s in specs:
        try:
            check_spec(s)
        except SpecError as e:
            failed.append(str(e))
    if failed:
        sys.exit("HAND-WRITTEN EXPECTATIONS DISAGREE WITH THE CONTRACT:\n" + "\n".join(failed))
    os.makedirs(EXPECTED, exist_ok=True)
    manifest = []
    for s in specs:
        pdf = os.path.join(HERE, s["name"] + ".pdf")
        if s["name"] in only:
            if s["font"] == "html":
                render_html(s, pdf)
                ind_pages = s["expected"]["ind_pages"]
                if ind_pages is None:
                    ind_pages = find_pages(s, pdf)
                    print("  %s: indicator pages found in the text: %r (write them into the spec)" % (s["name"],
                                                                                                 ind_pages))
            else:
                ind_pages = render_canvas(s, pdf)
                hand = s["expected"].get("ind_pages")
                if hand is not None and hand != ind_pages:
                    sys.exit("%s: layout put the indicators on pages %r, the spec says %r" % (s["name"], ind_pages,
                                                                                            hand))
            npages = pdf_pages(pdf)
            if s["expected"]["pages"] is None or s["expected"].get("ind_pages") is None:
                sys.exit("%s: %d pages, indicator pages %r: check them on the rendered pages and write them into the "
                         "spec" % (s["name"], npages, ind_pages))
            if npages != s["expected"]["pages"]:
                sys.exit("%s: the PDF has %d pages, the spec says %d" % (s["name"], npages, s["expected"]["pages"]))
            try:
                check_pages(s, pdf, ind_pages, npages)
            except SpecError as e:
                sys.exit(str(e))
            if s.get("post") == "disable_tounicode":  # after the page check, which reads the text with pdftotext
                disable_tounicode(pdf)
            doc = expected_doc(s, npages, ind_pages)
            with open(os.path.join(EXPECTED, s["name"] + ".json"), "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False, indent=2)
                fh.write("\n")
            size = os.path.getsize(pdf)
            print("%-34s %2d pages %7d bytes %2d findings" % (s["name"], npages, size, len(doc["findings"])))
            if size >= 100 * 1024:
                print("  WARNING: %s is %d bytes (>= 100 KB)" % (s["name"], size))
        manifest.append({"name": s["name"], "pdf": "samples/%s.pdf" % s["name"],
                         "expected": "samples/expected/%s.json" % s["name"], "exit_code": 0,
                         "description": s["description"]})
    for s in packages:
        if s["name"] in only:
            make_package(s)
        manifest.append({"name": s["name"], "pdf": "samples/%s.pdf" % s["name"],
                         "expected": "samples/expected/%s.json" % s["name"], "exit_code": 0,
                         "description": s["description"]})
    make_bad(manifest)
    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    print("manifest: %d entries" % len(manifest))


if __name__ == "__main__":
    main(sys.argv[1:])
