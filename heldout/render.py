"""Backends of the held-out generator: a small table model rendered to .docx
(python-docx) or .xlsx (openpyxl), both printed to PDF by LibreOffice.

Nothing here knows about self-evaluation forms; make_heldout.py builds the
content.  A Grid is laid out like an HTML table: rows of cells with colspan and
rowspan, cells covered by an earlier rowspan skipped automatically.
"""
import math
import os
import subprocess
import unicodedata


class Cell:
    def __init__(self, r, c, text, rs=1, cs=1, bold=False, align="center", border=True, size=None):
        self.r, self.c, self.text, self.rs, self.cs = r, c, text, rs, cs
        self.bold, self.align, self.border, self.size = bold, align, border, size


class Grid:
    """A table of len(widths) columns; widths are relative."""

    def __init__(self, widths, size=9, header_rows=0, repeat_header=False):
        self.widths = list(widths)
        self.ncols = len(widths)
        self.cells = []
        self.nrows = 0
        self.size = size
        self.header_rows = header_rows
        self.repeat_header = repeat_header
        self._busy = set()

    def tr(self, *items):
        """Append one row; an item is text or a dict(text=, cs=, rs=, bold=, align=)."""
        r = self.nrows
        c = 0
        for it in items:
            if not isinstance(it, dict):
                it = {"text": it}
            while (r, c) in self._busy:
                c += 1
            cs, rs = it.get("cs", 1), it.get("rs", 1)
            if c + cs > self.ncols:
                raise ValueError("row %d overflows: %r" % (r, items))
            cell = Cell(r, c, "" if it.get("text") is None else str(it["text"]), rs, cs,
                        it.get("bold", False), it.get("align", "center"), it.get("border", True), it.get("size"))
            self.cells.append(cell)
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    self._busy.add((rr, cc))
            c += cs
        while (r, c) in self._busy:
            c += 1
        if c != self.ncols:
            raise ValueError("row %d has %d of %d columns: %r" % (r, c, self.ncols, items))
        self.nrows += 1
        return r

    def rows_used(self):
        return max((c.r + c.rs for c in self.cells), default=0)


# ---------------------------------------------------------------- docx

def _set_cell_font(run, font, size, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(k), font)


def write_docx(path, blocks, font, body_size=11, margins_cm=2.2):
    """blocks: ("title", text, size) ("para", text, dict) ("table", Grid) ("break",)
    ("section", landscape)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(body_size)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    st.paragraph_format.space_after = Pt(0)
    st.paragraph_format.space_before = Pt(0)

    def set_section(sec, landscape):
        sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        a4w, a4h = Cm(21.0), Cm(29.7)
        sec.page_width, sec.page_height = (a4h, a4w) if landscape else (a4w, a4h)
        for side in ("left_margin", "right_margin"):
            setattr(sec, side, Cm(margins_cm))
        sec.top_margin = sec.bottom_margin = Cm(2.0)

    sec = doc.sections[0]
    set_section(sec, False)
    landscape = False
    first = True
    align_map = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                 "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
    for b in blocks:
        kind = b[0]
        if kind == "section":
            landscape = b[1]
            if first:
                set_section(doc.sections[0], landscape)
            else:
                s = doc.add_section(WD_SECTION.NEW_PAGE)
                set_section(s, landscape)
            first = False
            continue
        first = False
        if kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            opts = b[3] if len(b) > 3 else {}
            p.paragraph_format.space_after = Pt(opts.get("after", 4))
            _set_cell_font(p.add_run(b[1]), opts.get("font", font), b[2], bold=opts.get("bold", True))
        elif kind == "para":
            opts = b[2] if len(b) > 2 else {}
            p = doc.add_paragraph()
            p.alignment = align_map[opts.get("align", "justify")]
            if opts.get("indent", True) and opts.get("align", "justify") == "justify":
                p.paragraph_format.first_line_indent = Pt(opts.get("size", body_size) * 2)
            p.paragraph_format.line_spacing = opts.get("spacing", 1.3)
            p.paragraph_format.space_after = Pt(opts.get("after", 2))
            _set_cell_font(p.add_run(b[1]), font, opts.get("size", body_size), bold=opts.get("bold", False))
        elif kind == "break":
            doc.add_page_break()
        elif kind == "table":
            g = b[1]
            usable = (29.7 if landscape else 21.0) - 2 * margins_cm
            tot = float(sum(g.widths))
            widths = [Cm(usable * w / tot) for w in g.widths]
            nrows = g.rows_used()
            t = doc.add_table(rows=nrows, cols=g.ncols)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            t.autofit = False
            for row in t.rows:
                for j, c in enumerate(row.cells):
                    c.width = widths[j]
            for r in range(min(g.header_rows, nrows) if g.repeat_header else 0):
                trpr = t.rows[r]._tr.get_or_add_trPr()
                h = OxmlElement("w:tblHeader")
                h.set(qn("w:val"), "true")
                trpr.append(h)
            for cell in g.cells:
                a = t.cell(cell.r, cell.c)
                if cell.rs > 1 or cell.cs > 1:
                    a = a.merge(t.cell(cell.r + cell.rs - 1, cell.c + cell.cs - 1))
                a.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                lines = cell.text.split("\n")
                paras = a.paragraphs
                for p in paras[1:]:
                    p._element.getparent().remove(p._element)
                p = paras[0]
                for k, line in enumerate(lines):
                    if k:
                        p = a.add_paragraph()
                    p.alignment = align_map[cell.align]
                    p.paragraph_format.first_line_indent = None
                    p.paragraph_format.line_spacing = 1.0
                    _set_cell_font(p.add_run(line), font, cell.size or g.size, bold=cell.bold)
                if not cell.border:
                    tcpr = a._tc.get_or_add_tcPr()
                    bd = OxmlElement("w:tcBorders")
                    for side in ("top", "left", "bottom", "right"):
                        e = OxmlElement("w:" + side)
                        e.set(qn("w:val"), "nil")
                        bd.append(e)
                    tcpr.append(bd)
            # a small gap after each table
            doc.add_paragraph()
        else:
            raise ValueError(kind)
    doc.save(path)


# ---------------------------------------------------------------- xlsx

def _dw(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in s)


def write_xlsx(path, sheets, font):
    """sheets: list of dict(name, landscape, widths (chars), blocks, title_rows=None).
    blocks: ("title", text, size) rows merged over all columns without borders;
    ("table", Grid) whose widths must be the sheet's; ("gap",) an empty row;
    ("break",) a page break after the last row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break, RowBreak

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    for sh in sheets:
        ws = wb.create_sheet(sh["name"])
        widths = sh["widths"]
        n = len(widths)
        for j, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(j + 1)].width = w
        row = 1
        need = {}
        breaks = []
        for b in sh["blocks"]:
            if b[0] == "title":
                size = b[2]
                opts = b[3] if len(b) > 3 else {}
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n)
                c = ws.cell(row, 1, b[1])
                c.font = Font(name=font, size=size, bold=opts.get("bold", size >= 12))
                c.alignment = Alignment(horizontal=opts.get("align", "center"), vertical="center", wrap_text=True)
                ws.row_dimensions[row].height = size * 1.9
                row += 1
            elif b[0] == "gap":
                ws.row_dimensions[row].height = 8
                row += 1
            elif b[0] == "break":
                breaks.append(row - 1)
            elif b[0] == "table":
                g = b[1]
                assert g.ncols == n, (sh["name"], g.ncols, n)
                base = row
                for cell in g.cells:
                    r0, c0 = base + cell.r, 1 + cell.c
                    r1, c1 = r0 + cell.rs - 1, c0 + cell.cs - 1
                    if cell.rs > 1 or cell.cs > 1:
                        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
                    x = ws.cell(r0, c0, cell.text if cell.text != "" else None)
                    if cell.text.startswith("="):
                        x.data_type = "s"   # printed text such as "=100%", not a formula
                    size = cell.size or g.size
                    x.font = Font(name=font, size=size, bold=cell.bold)
                    x.alignment = Alignment(horizontal=cell.align, vertical="center", wrap_text=True)
                    if cell.border:
                        for rr in range(r0, r1 + 1):
                            for cc in range(c0, c1 + 1):
                                ws.cell(rr, cc).border = Border(left=thin, right=thin, top=thin, bottom=thin)
                    # height this cell needs, put on its rows
                    wch = sum(widths[c0 - 1:c1]) * (10.5 / size)
                    lines = 0
                    for part in cell.text.split("\n"):
                        lines += max(1, math.ceil(_dw(part) / max(1.0, wch - 1.5)))
                    h = lines * size * 1.55 + 5
                    per = h / cell.rs
                    for rr in range(r0, r1 + 1):
                        need[rr] = max(need.get(rr, size * 1.7), per)
                row = base + g.rows_used()
                if g.repeat_header and g.header_rows:
                    ws.print_title_rows = "%d:%d" % (base, base + g.header_rows - 1)
            else:
                raise ValueError(b[0])
        for rr, h in need.items():
            ws.row_dimensions[rr].height = round(h, 1)
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sh.get("landscape") else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        for br in breaks:
            ws.row_breaks.append(Break(id=br))
    wb.save(path)


def to_pdf(paths, outdir, profile="/tmp/heldout_lo_profile"):
    """Print every file to PDF with LibreOffice (headless)."""
    cmd = ["soffice", "-env:UserInstallation=file://" + profile, "--headless",
           "--convert-to", "pdf", "--outdir", outdir] + list(paths)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
