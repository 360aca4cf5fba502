#!/usr/bin/env python3
"""A long report against `pdftotext -layout`, side by side (issue 18's 500-page bar: within 1.1x).

Builds one PDF of about PAGES pages from one producer, as a department's package of many project tables is made:
an HTML document of project self-evaluation tables (a header block, the money rows, 20 indicators, the total), one
project after another, printed by headless Chromium; the fonts are shared by every page. It is cut to exactly PAGES
pages, and to half of them for the memory figure, with qpdf. Then, ROUNDS times, interleaved: the CPU (user + sys)
of `jxaudit audit --json` and of `pdftotext -layout` on it, and their ratio round by round (min and median). Memory:
the peak RSS of jxaudit on the whole file and on its first half, and the growth per page between them.

  bench/long_report.py [--pages 500] [--rounds 5] [--jxaudit build/jxaudit] [--keep DIR]

The numbers in the tables vary with the project's number; nothing in them was tuned on. Needs chromium, qpdf and
pdftotext (scripts/install-deps.sh test).
"""
import argparse
import html
import os
import resource
import statistics
import subprocess
import sys
import tempfile

CHROMIUM = "/usr/bin/chromium"


def project_html(i):
    e = html.escape
    budget = 100 + (i * 37) % 900
    spent = budget - (i * 13) % 50
    rows = [
        '<h2>项目支出绩效自评表</h2><p class="c">（%d年度）</p>' % (2020 + i % 4),
        '<table><tr><td colspan="2">项目名称</td><td colspan="6" class="l">第%d号城市管理专项经费项目</td></tr>' % i,
        '<tr><td colspan="2">主管部门</td><td colspan="2">某区城市管理局</td><td>实施单位</td>'
        '<td colspan="3">某区城市管理局第%d所</td></tr>' % (i % 9 + 1),
        '<tr><td rowspan="3">项目资金（万元）</td><td></td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td>'
        '<td>分值</td><td>执行率</td><td>得分</td></tr>',
        '<tr><td class="l">年度资金总额</td><td>%d.00</td><td>%d.00</td><td>%d.00</td><td>10</td><td>%.2f%%</td>'
        '<td>%.2f</td></tr>' % (budget, budget, spent, spent * 100.0 / budget, 10 * spent / budget),
        '<tr><td class="l">其中：财政拨款</td><td>%d.00</td><td>%d.00</td><td>%d.00</td><td>—</td><td>—</td>'
        '<td>—</td></tr>' % (budget, budget, spent),
        '<tr><td>年度总体目标</td><td colspan="3">预期目标</td><td colspan="4">实际完成情况</td></tr>',
        '<tr><td></td><td colspan="3" class="l">完成城市道路保洁、设施维护和环境整治任务。</td>'
        '<td colspan="4" class="l">全年完成保洁、维护和整治任务，群众满意度较高。</td></tr></table>',
        '<table style="margin-top:-1px"><thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th>'
        '<th>年度指标值</th><th>实际完成值</th><th>分值</th><th>得分</th><th>偏差原因分析及改进措施</th></tr></thead>'
        '<tbody>',
    ]
    levels = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
              ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标"), ("满意度指标", "服务对象满意度指标")]
    for k in range(20):
        l1, l2 = levels[k * len(levels) // 20]
        target = 10 + (i * 7 + k * 11) % 500
        actual = target + (i + k) % 7 - 2
        rows.append('<tr><td>%s</td><td>%s</td><td class="l">第%d项工作任务完成量</td><td>≥%d个</td><td>%d个</td>'
                    '<td>4</td><td>%d</td><td class="l">%s</td></tr>'
                    % (e(l1), e(l2), k + 1, target, actual, 4 if actual >= target else 3,
                       "" if actual >= target else "部分任务因天气原因顺延，下年度加强计划管理。"))
    rows.append('<tr><td colspan="5">总分</td><td>90</td><td>%d</td><td></td></tr></tbody></table>' % (80 + i % 10))
    return "\n".join(rows)


def build(pages, work):
    head = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>@page{size:A4;margin:15mm}'
            'body{font-family:"WenQuanYi Zen Hei";font-size:10.5pt}h2{font-size:15pt;font-weight:normal;'
            'text-align:center;margin:0;page-break-before:always}p.c{text-align:center;margin:0}'
            'table{border-collapse:collapse;width:100%;font-size:9pt}td,th{border:0.8px solid #000;padding:3px;'
            'font-weight:normal;text-align:center}td.l{text-align:left}tr{page-break-inside:avoid}</style></head><body>')
    projects = pages // 2 + 10  # a project takes two pages or a little less; the cut below makes it exact
    src = os.path.join(work, "long.html")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(head + "\n".join(project_html(i) for i in range(1, projects + 1)) + "</body></html>")
    printed = os.path.join(work, "printed.pdf")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--user-data-dir=" + os.path.join(work, "profile"), "--print-to-pdf=" + printed, src],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = {}
    for n in (pages, pages // 2):
        path = os.path.join(work, "long-%d.pdf" % n)
        subprocess.run(["qpdf", printed, "--pages", printed, "1-%d" % n, "--", path], check=True)
        out[n] = path
    return out


def cpu_of(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def peak_rss_kib(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=False).stderr
    return int(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jxaudit", default=os.environ.get("JXAUDIT", "build/jxaudit"))
    ap.add_argument("--keep", help="build the PDFs in this folder and keep them")
    args = ap.parse_args()
    for tool in (CHROMIUM, "/usr/bin/qpdf", "/usr/bin/pdftotext", "/usr/bin/time", args.jxaudit):
        if not os.path.exists(tool):
            sys.exit("%s missing (scripts/install-deps.sh test; build jxaudit first)" % tool)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or tmp
        os.makedirs(work, exist_ok=True)
        files = build(args.pages, work)
        whole = files[args.pages]
        jx_cmd = [args.jxaudit, "audit", "--json", whole]
        pt_cmd = ["pdftotext", "-layout", "-q", whole, "-"]
        cpu_of(jx_cmd)  # warm the page cache, uncounted
        cpu_of(pt_cmd)
        rounds = []
        for r in range(args.rounds):
            pair = [jx_cmd, pt_cmd] if r % 2 == 0 else [pt_cmd, jx_cmd]
            t = {id(c): cpu_of(c) for c in pair}
            rounds.append((t[id(jx_cmd)], t[id(pt_cmd)]))
        jx = [a for a, _ in rounds]
        pt = [b for _, b in rounds]
        ratio = [a / b for a, b in rounds if b > 0]
        half = files[args.pages // 2]
        rss_whole = peak_rss_kib(jx_cmd)
        rss_half = peak_rss_kib([args.jxaudit, "audit", "--json", half])
        print("rounds: %d; %d pages printed by Chromium; CPU = user + sys; jxaudit: %s" %
              (args.rounds, args.pages, args.jxaudit))
        print("  jxaudit audit --json  CPU s: min %6.3f  median %6.3f" % (min(jx), statistics.median(jx)))
        print("  pdftotext -layout     CPU s: min %6.3f  median %6.3f" % (min(pt), statistics.median(pt)))
        print("  ratio (round by round):      min %6.2f  median %6.2f   (bar: <= 1.1)" %
              (min(ratio), statistics.median(ratio)))
        print("  jxaudit peak RSS: %d KiB at %d pages, %d KiB at %d pages: %.1f KiB a page" %
              (rss_whole, args.pages, rss_half, args.pages // 2,
               (rss_whole - rss_half) / (args.pages - args.pages // 2)))


if __name__ == "__main__":
    main()
