#!/usr/bin/python3
"""Makes the small PDFs the extract tests read. Run with the system python (it has reportlab):

    /usr/bin/python3 tests/data/extract/make_fixtures.py

Every fixture is a few KB. Layout is given in points from the page's top-left corner (the coordinates
jx::extract uses), converted here to PDF's bottom-left origin. The expected cells are written down by hand in
tests/extract/pdf_reader_test.cpp; change both together.
"""
import os
import re

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.lib import pdfencrypt

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = A4  # 595.27 x 841.89

pdfmetrics.registerFont(UnicodeCIDFont('STSong-Light'))
pdfmetrics.registerFont(TTFont('WQY', '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', subfontIndex=0))

# The small indicator table of the two single-page fixtures (top-left coordinates).
# Columns x: 50 | 110 | 170 | 290 | 450, rows y: 100 | 130 | 175 | 205 | 235.
COLS = [50, 110, 170, 290, 450]
ROWS = [100, 130, 175, 205, 235]
# (row, col, rowspan, colspan, lines of text): each line is drawn as it is, one line under the other.
CELLS = [
    (0, 0, 1, 1, ['一级指标']), (0, 1, 1, 1, ['二级指标']), (0, 2, 1, 1, ['三级指标']), (0, 3, 1, 1, ['年度指标值']),
    (1, 0, 3, 1, ['产出']), (1, 1, 2, 1, ['数量']), (1, 2, 1, 1, ['运营分析', '报告数量']),
    (1, 3, 1, 1, ['不少于 30 份']),
    (2, 2, 1, 1, ['汇聚数据量']), (2, 3, 1, 1, ['Total budget']),
    (3, 1, 1, 1, ['质量']), (3, 2, 1, 2, ['场地正常运行率 99.5%']),
]


def y(top):
    return H - top


def draw_cell_text(c, font, size, x0, top, lines):
    for i, text in enumerate(lines):
        c.setFont(font, size)
        c.drawString(x0 + 4, y(top + 4 + size + i * (size + 3)), text)


def grid_edges(cells, cols, rows):
    """The edges of a grid where every listed cell is a box: a set of (x0, y0, x1, y1) in top-left coordinates."""
    edges = set()
    for r, col, rs, cs, _ in cells:
        x0, x1, t, b = cols[col], cols[col + cs], rows[r], rows[r + rs]
        edges.update({(x0, t, x1, t), (x0, b, x1, b), (x0, t, x0, b), (x1, t, x1, b)})
    return edges


def table_with_lines(path, font):
    c = canvas.Canvas(path, pagesize=A4, pageCompression=0)
    c.setFont(font, 14)
    c.drawString(50, y(80), '项目支出绩效自评表')
    c.setLineWidth(0.5)
    # Every cell border as its own straight line (duplicates on shared edges are fine: they merge).
    for x0, t, x1, b in sorted(grid_edges(CELLS, COLS, ROWS)):
        c.line(x0, y(t), x1, y(b))
    for r, col, rs, cs, lines in CELLS:
        draw_cell_text(c, font, 10, COLS[col], ROWS[r], lines)
    # A signature line under the table: an underline, not a table.
    c.setFont(font, 10)
    c.drawString(50, y(280), '填表人：')
    c.line(90, y(282), 200, y(282))
    c.showPage()
    c.save()


def table_with_rects(path, font):
    c = canvas.Canvas(path, pagesize=A4, pageCompression=0)
    c.setFont(font, 14)
    c.drawString(50, y(80), '项目支出绩效自评表')
    # A grey background fill on the header row, then each cell as a stroked rectangle.
    c.setFillGray(0.85)
    c.rect(COLS[0], y(ROWS[1]), COLS[-1] - COLS[0], ROWS[1] - ROWS[0], stroke=0, fill=1)
    c.setFillGray(0)
    c.setLineWidth(0.5)
    for r, col, rs, cs, lines in CELLS:
        x0, x1, t, b = COLS[col], COLS[col + cs], ROWS[r], ROWS[r + rs]
        c.rect(x0, y(b), x1 - x0, b - t, stroke=1, fill=0)
    for r, col, rs, cs, lines in CELLS:
        draw_cell_text(c, font, 10, COLS[col], ROWS[r], lines)
    c.showPage()
    c.save()


def multi_page(path):
    """A table continued over three pages: 3 columns x 90 | 200 | 330 | 500. Page 1 ends with a cell spanning two
    rows whose third row is on page 2 (the top cell there is empty); page 3 holds only the 总分 row."""
    font = 'STSong-Light'
    c = canvas.Canvas(path, pagesize=A4, pageCompression=0)
    cols = [90, 200, 330, 500]
    # Page 1: header row, then rows at the bottom of the page.
    rows1 = [700, 730, 760, 790]
    cells1 = [(0, 0, 1, 1, ['指标']), (0, 1, 1, 1, ['名称']), (0, 2, 1, 1, ['分值']),
              (1, 0, 2, 1, ['产出']), (1, 1, 1, 1, ['数量一']), (1, 2, 1, 1, ['10']),
              (2, 1, 1, 1, ['数量二']), (2, 2, 1, 1, ['20'])]
    c.setFont(font, 12)
    c.drawString(90, y(680), '绩效指标')
    c.setLineWidth(0.5)
    for x0, t, x1, b in sorted(grid_edges(cells1, cols, rows1)):
        c.line(x0, y(t), x1, y(b))
    for r, col, rs, cs, lines in cells1:
        draw_cell_text(c, font, 10, cols[col], rows1[r], lines)
    c.showPage()
    # Page 2: the spanning cell goes on (empty part), then a new group.
    rows2 = [60, 90, 120]
    cells2 = [(0, 0, 1, 1, []), (0, 1, 1, 1, ['数量三']), (0, 2, 1, 1, ['30']),
              (1, 0, 1, 1, ['效益']), (1, 1, 1, 1, ['社会效益']), (1, 2, 1, 1, ['40'])]
    c.setLineWidth(0.5)
    for x0, t, x1, b in sorted(grid_edges(cells2, cols, rows2)):
        c.line(x0, y(t), x1, y(b))
    for r, col, rs, cs, lines in cells2:
        draw_cell_text(c, font, 10, cols[col], rows2[r], lines)
    c.setFont(font, 10)
    c.drawString(90, y(400), '第二页的说明文字。')
    c.showPage()
    # Page 3: only the total row, its first two columns merged.
    rows3 = [60, 90]
    cells3 = [(0, 0, 1, 2, ['总分']), (0, 2, 1, 1, ['100'])]
    c.setLineWidth(0.5)
    for x0, t, x1, b in sorted(grid_edges(cells3, cols, rows3)):
        c.line(x0, y(t), x1, y(b))
    for r, col, rs, cs, lines in cells3:
        draw_cell_text(c, font, 10, cols[col], rows3[r], lines)
    c.showPage()
    c.save()


def encrypted(path):
    enc = pdfencrypt.StandardEncryption('user-secret', ownerPassword='owner-secret', strength=128)
    c = canvas.Canvas(path, pagesize=A4, encrypt=enc)
    c.setFont('STSong-Light', 12)
    c.drawString(50, y(80), '加密的文件')
    c.showPage()
    c.save()


def garbage(path):
    """Text in an embedded TrueType subset whose ToUnicode CMap maps every code to the private-use area, as some
    PDF producers do: the glyphs look right on paper but decode to U+E0xx. The CMap is edited in place with
    same-length replacements so the xref offsets stay valid."""
    c = canvas.Canvas(path, pagesize=A4, pageCompression=0)
    c.setFont('WQY', 12)
    c.drawString(50, y(80), '项目支出绩效自评报告')
    c.drawString(50, y(100), '广州市政务服务数据管理局')
    c.showPage()
    c.save()
    data = open(path, 'rb').read()

    def to_pua(m):
        # "<0a> <4e00>" style bfchar entries: the destination becomes <e0XX> (same number of bytes).
        code = m.group(1)
        return b'<' + code + b'> <e0' + b'%02x' % (int(code, 16) & 0xff) + b'>'

    new, n = re.subn(rb'<([0-9a-fA-F]{2})> <([0-9a-fA-F]{4})>', to_pua, data)
    assert n > 0 and len(new) == len(data), (n, len(new), len(data))
    open(path, 'wb').write(new)


if __name__ == '__main__':
    table_with_lines(os.path.join(HERE, 'table_lines_stsong.pdf'), 'STSong-Light')
    table_with_rects(os.path.join(HERE, 'table_rects_wqy.pdf'), 'WQY')
    multi_page(os.path.join(HERE, 'multi_page.pdf'))
    encrypted(os.path.join(HERE, 'encrypted.pdf'))
    garbage(os.path.join(HERE, 'garbage_pua.pdf'))
