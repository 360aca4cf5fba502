#!/usr/bin/python3
"""Build the held-out set: heldout/pdf/*.pdf and heldout/truth/*.json.

Every form is laid out here from content.py's project data and printed to PDF
by LibreOffice (render.py).  The truth is written from the same data, never
from the tool's output.  Deterministic: each file has its own seed.

    /usr/bin/python3 heldout/make_heldout.py [NAME ...]
"""
import json
import os
import random
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import content as C  # noqa: E402
import render as R  # noqa: E402

SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
FONTS = [SANS, SERIF, "Noto Sans CJK SC DemiLight", "Noto Serif CJK SC Light", "Noto Sans Mono CJK SC"]


# ------------------------------------------------------------------ helpers

def segs(total, n, first_extra=True):
    """Split `total` columns into n spans as evenly as possible."""
    base, rem = divmod(total, n)
    out = [base] * n
    for i in range(rem):
        out[i] += 1
    if not first_extra:
        out.reverse()
    assert all(x >= 1 for x in out), (total, n)
    return out


def num(v, nd=2):
    return C.fmt_num(v) if nd is None else "%.*f" % (nd, v)


def strip_code(name):
    return re.sub(r"^[\[【(（]?[0-9A-Za-z\-]{6,}[\]】)）]?\s*", "", name)


def strip_numbering(name):
    return re.sub(r"^指标\d+[：:]", "", name)


# ------------------------------------------------------------------ one form

HDR = {"l1": "一级指标", "l2": "二级指标", "l3": "三级指标", "target": "年度指标值", "actual": "实际完成值",
       "weight": "分值", "score": "得分", "note": "偏差原因分析及改进措施", "op": "指标性质", "val": "指标值",
       "unit": "度量单位", "review": "复核分", "method": "得分计算方法"}
WID = {"l1": 6, "l2": 7, "l3": 13, "target": 10, "actual": 10, "weight": 5, "score": 5, "note": 15, "op": 5,
       "val": 6, "unit": 6, "review": 5, "method": 14}
OPSYM = {">=": "≥", "<=": "≤", "=": "="}


def ind_columns(st):
    cols = ["l1", "l2", "l3"]
    tgt = ["op", "val", "unit"] if st.split_target else ["target"]
    if st.weight_first:
        cols += ["weight"] + tgt + ["actual", "score"]
    else:
        cols += tgt + ["actual", "weight", "score"]
    if st.review:
        cols.append("review")
    if st.method:
        cols.append("method")
    cols.append("note")
    return cols


def l1_label(key, st):
    return C.L1[st.l1_style or "full"][key]


def l2_label(key, st, l1key):
    if l1key == "投入":
        return "投入管理"
    return C.L2[st.l2_style or "full"][key]


def pts_text(p, st):
    f = st.points_fmt or "({}分)"
    return f.format(C.fmt_num(p))


def method_text(ind):
    if ind.get("qual"):
        return "达成目标得满分，部分达成酌情扣分"
    if ind["op"] == "<=":
        return "不超过目标值得满分，超出按比例扣分"
    return "完成目标值得满分，未完成按完成比例计分"


def build_form(P, st, rng):
    """Return (lines, grid, truth) of one project self-evaluation form."""
    cols = ind_columns(st)
    left = bool(st.left_col)
    widths = ([3.2] if left else []) + [st.widths.get(c, WID[c]) if st.widths else WID[c] for c in cols]
    K = len(widths)
    KR = K - (1 if left else 0)           # columns right of the left label column
    hdr = dict(HDR)
    hdr.update(st.hdr or {})
    g = R.Grid(widths, size=st.size or 9, header_rows=0, repeat_header=False)
    unit = P["unit"]
    year = P["year"]

    # ---------------- title lines
    lines = []
    tmode = st.title or "paren"
    if tmode == "paren":
        lines.append(("项目支出绩效自评表", 16, "center", True))
        lines.append(("（%d年度）" % year, 12, "center", False))
    elif tmode == "year":
        lines.append(("%d年度项目支出绩效自评表" % year, 15, "center", True))
    elif tmode in ("date", "paren_date"):
        lines.append(("项目支出绩效自评表", 16, "center", True))
        if tmode == "paren_date":
            lines.append(("（%d年度）" % year, 12, "center", False))
        lines.append(("填报日期：%d年%d月%d日" % (year + 1, rng.randint(2, 4), rng.randint(1, 28)), 10, "left", False))
    if st.unit_line:
        lines.append(("单位：%s" % unit, 10, "right", False))

    # ---------------- header block
    L = 1 if left else 2
    def info(label, value):
        if left:
            g.tr({"text": label}, {"text": value, "cs": K - 1, "align": "left"})
        else:
            g.tr({"text": label, "cs": 2}, {"text": value, "cs": K - 2, "align": "left"})
    info("项目名称", P["name"])
    rest = K - L
    a, b, c_ = segs(rest, 3)
    g.tr({"text": "主管部门", "cs": L}, {"text": P["dept"], "cs": a, "align": "left"},
         {"text": "实施单位", "cs": b}, {"text": P["impl"], "cs": c_, "align": "left"})
    if st.leader:
        g.tr({"text": "项目负责人", "cs": L}, {"text": rng.choice(["王建国", "李红梅", "张志强", "陈晓东"]), "cs": a},
             {"text": "联系电话", "cs": b}, {"text": "0%d-%d" % (rng.randint(10, 99), rng.randint(3000000, 8999999)), "cs": c_})

    # ---------------- money block
    mcols = st.money or ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    keys = st.money_keys or ["init", "annual", "exec", "weight", "rate", "score"]
    subrows = st.subrows if st.subrows is not None else [1, 2, 3]
    nrows_money = 2 + len(subrows)
    mlabel = "项目资金（%s）" % unit
    m = len(mcols)
    if left:
        sp = segs(KR, m + 1)
        g.tr({"text": mlabel, "rs": nrows_money}, {"text": "", "cs": sp[0]},
             *[{"text": t, "cs": s} for t, s in zip(mcols, sp[1:])])
    else:
        sp = segs(K, m + 1)
        g.tr({"text": mlabel if st.money_label_in_header else "", "cs": sp[0]},
             *[{"text": t, "cs": s} for t, s in zip(mcols, sp[1:])])
    rows_truth = []
    for ri in [0] + subrows:
        row = P["rows"][ri]
        cells = [{"text": row[0], "cs": sp[0], "align": "left" if ri else "center"}]
        vals = {"init": row[1], "annual": row[2], "exec": row[3]}
        for k, s in zip(keys, sp[1:]):
            if k in vals:
                t = C.money_text(vals[k], st)
                if vals[k] is None and st.dash_blank and ri:
                    t = "—"
            elif ri:
                t = "—" if st.dash_sub else ""
            elif k == "weight":
                t = C.fmt_num(P["bw"])
            elif k == "rate":
                t = P["rate_txt"]
            else:
                t = C.fmt_num(P["bscore"]) if st.score_plain else "%.2f" % P["bscore"]
            cells.append({"text": t, "cs": s})
        g.tr(*cells)
        rows_truth.append({"label": row[0],
                           "initial_budget": vals["init"] if "init" in keys else None,
                           "annual_budget": vals["annual"] if "annual" in keys else None,
                           "executed": vals["exec"] if "exec" in keys else None})

    # ---------------- goal
    if not st.no_goal:
        h = segs(K - L, 2)
        g.tr({"text": "年度总体目标", "rs": 2, "cs": L}, {"text": "预期目标", "cs": h[0]}, {"text": "实际完成情况", "cs": h[1]})
        g.tr({"text": P["goal"][0], "cs": h[0], "align": "left"}, {"text": P["goal"][1], "cs": h[1], "align": "left"})

    # ---------------- indicator header
    inds = P["inds"]
    n_hdr = {"one": 1, "band2": 2, "band3": 3}[st.header or "one"]
    n_body = len(inds) + 1
    first = True

    def lead():
        nonlocal first
        if left and first:
            first = False
            return [{"text": "绩效指标", "rs": n_hdr + n_body}]
        return []
    tcols = ["op", "val", "unit"] if st.split_target else ["target"]
    if n_hdr == 1:
        g.tr(*lead(), *[{"text": hdr[c], "bold": st.bold_hdr} for c in cols])
    elif n_hdr == 2:
        r1 = []
        done = set()
        for c in cols:
            if c in ("l1", "l2", "l3"):
                if "lv" not in done:
                    r1.append({"text": st.band_text or "绩效指标", "cs": 3})
                    done.add("lv")
            elif c in tcols and st.split_target:
                if "tg" not in done:
                    r1.append({"text": hdr["target"], "cs": 3})
                    done.add("tg")
            else:
                r1.append({"text": hdr[c], "rs": 2})
        g.tr(*lead(), *r1)
        g.tr(*[{"text": hdr[c]} for c in cols if c in ("l1", "l2", "l3") or (st.split_target and c in tcols)])
    else:
        assert st.split_target and not st.weight_first
        r1 = [{"text": st.band_text or "绩效指标", "cs": 6}]
        r1 += [{"text": hdr[c], "rs": 3} for c in cols[6:]]
        g.tr(*lead(), *r1)
        g.tr({"text": hdr["l1"], "rs": 2}, {"text": hdr["l2"], "rs": 2}, {"text": hdr["l3"], "rs": 2},
             {"text": hdr["target"], "cs": 3})
        g.tr({"text": hdr["op"]}, {"text": hdr["val"]}, {"text": hdr["unit"]})

    # ---------------- indicator rows
    l1_of = [l1_label(i["l1key"], st) for i in inds]
    l2_of = [l2_label(i["l2key"], st, i["l1key"]) for i in inds]
    l1_pts, l2_pts = {}, {}
    for i, a1, a2 in zip(inds, l1_of, l2_of):
        l1_pts[a1] = l1_pts.get(a1, 0) + i["weight"]
        l2_pts[(a1, a2)] = l2_pts.get((a1, a2), 0) + i["weight"]
    ind_truth = []
    for k, ind in enumerate(inds):
        a1, a2 = l1_of[k], l2_of[k]
        cells = []
        new1 = k == 0 or l1_of[k - 1] != a1
        new2 = new1 or l2_of[k - 1] != a2
        if st.no_merge or new1:
            rs = 1 if st.no_merge else sum(1 for j in range(k, len(inds)) if l1_of[j] == a1 and all(l1_of[x] == a1 for x in range(k, j + 1)))
            t = a1 + (pts_text(l1_pts[a1], st) if st.l1_points else "")
            if st.vertical_l1:
                t = "\n".join(t)
            cells.append({"text": t, "rs": rs})
        if st.no_merge or new2:
            rs = 1
            if not st.no_merge:
                j = k
                while j + 1 < len(inds) and l1_of[j + 1] == a1 and l2_of[j + 1] == a2:
                    j += 1
                rs = j - k + 1
            t = a2 + (pts_text(l2_pts[(a1, a2)], st) if st.l2_points else "")
            cells.append({"text": t, "rs": rs})
        name = ind["name"]
        if st.numbered:
            name = "指标%d：%s" % (k + 1, name)
        ttxt, tgt = C.target_text(ind, st, rng)
        atxt, act = C.actual_text(ind, st, rng)
        row = {"l3": name, "actual": atxt, "weight": C.fmt_num(ind["weight"]),
               "score": C.fmt_num(ind["score"]) if not st.score_2dp else "%.2f" % ind["score"],
               "note": ind["note"], "method": method_text(ind),
               "review": C.fmt_num(ind["score"])}
        if st.split_target:
            if ind.get("qual"):
                row.update(op="定性", val=ind["target_text"], unit="")
                ttxt_truth = None
                tgt = None
            else:
                row.update(op=OPSYM[ind["op"]] if not st.ascii_ops else ind["op"], val=C.fmt_num(ind["value"]), unit=ind["unit"])
                tgt = {"op": ind["op"], "value": ind["value"], "unit": ind["unit"]}
                ttxt_truth = None   # how the three cells join is the tool's choice
        else:
            row["target"] = ttxt
            ttxt_truth = ttxt
            if tgt is not None and tgt["op"] is None:
                tgt = dict(tgt, op=None)
        for c in cols:
            if c in ("l1", "l2"):
                continue
            cells.append({"text": row[c], "align": "left" if c in ("note", "method") else "center"})
        g.tr(*cells)
        nm_truth = [name, strip_numbering(name)] if st.numbered else name
        ind_truth.append({
            "level1": a1, "level2": a2, "name": nm_truth,
            "target_text": ttxt_truth, "target": tgt,
            "actual_text": atxt, "actual": act,
            "weight": ind["weight"], "self_score": ind["score"],
            "level1_points": l1_pts[a1] if st.l1_points else None,
            "level2_points": l2_pts[(a1, a2)] if st.l2_points else None,
            "deviation_note": ind["note"] if "note" in cols else None,
        })
    # ---------------- total row
    wi = cols.index("weight")
    si = cols.index("score")
    cells = [{"text": "总分", "cs": wi}]
    tot_w = C.fmt_num(P["bw"] + sum(i["weight"] for i in inds))
    tot_s = "%.2f" % P["total"]
    j = wi
    while j < len(cols):
        c = cols[j]
        if c == "weight":
            cells.append({"text": tot_w})
            j += 1
        elif c == "score":
            cells.append({"text": tot_s})
            j += 1
        else:
            # run of other columns up to the next weight/score col or the end
            e = j
            while e < len(cols) and cols[e] not in ("weight", "score"):
                e += 1
            text = ""
            if e == len(cols) and st.grade:
                text = "自评等级：%s" % P["grade"]
            cells.append({"text": text, "cs": e - j})
            j = e
    g.tr(*cells)
    if st.footer:
        pass
    truth = {
        "project": {"name": [P["name"], strip_code(P["name"])] if st.code else P["name"],
                    "department": P["dept"], "implementer": P["impl"],
                    "year": None if tmode == "date" else year},   # a 填报日期 alone does not print the form's year
        "budget": {"initial_budget": P["rows"][0][1] if "init" in keys else None,
                   "annual_budget": P["rows"][0][2] if "annual" in keys else None,
                   "executed": P["rows"][0][3] if "exec" in keys else None,
                   "execution_rate": P["rate"] if "rate" in keys else None,
                   "weight": float(P["bw"]) if "weight" in keys else None,
                   "score": P["bscore"] if "score" in keys else None,
                   "rows": rows_truth},
        "indicators": ind_truth,
        "total_score": {"stated": P["total"], "grade": P["grade"] if st.grade else None},
        "goal": None if st.no_goal else {"expected": P["goal"][0], "actual": P["goal"][1]},
    }
    return lines, g, truth


# ------------------------------------------------------------------ backends

def docx_blocks(lines, grid, landscape, first=False):
    out = [("section", landscape)]
    for text, size, align, bold in lines:
        if align == "center":
            out.append(("title", text, size, {"bold": bold}))
        else:
            out.append(("para", text, {"align": align, "indent": False, "size": size, "bold": bold}))
    out.append(("table", grid))
    return out


def xlsx_sheet(name, lines, grid, landscape):
    blocks = [("title", t, s, {"align": a, "bold": b}) for t, s, a, b in lines]
    return {"name": name, "landscape": landscape, "widths": grid.widths, "blocks": blocks + [("table", grid)]}


# ------------------------------------------------------------------ the files

DEPTS = {
    "chengguan": ("某市城市管理和综合执法局", "某市数字城管监督指挥中心", "城市综合管理服务平台运维项目"),
    "water": ("某县水利局", "某县农村供水管理站", "农村饮水安全巩固提升工程"),
    "ncms": ("某县卫生健康局", "某县农村合作医疗管理办公室", "新型农村合作医疗补助资金"),
    "school": ("某县教育局", "某县学生资助管理中心", "农村义务教育学生营养改善计划"),
    "road": ("某县交通运输局", "某县公路管理站", "农村公路日常养护经费"),
    "forestfire": ("某县林业局", "某县森林防火指挥部办公室", "森林防火专项经费"),
    "culture": ("某县文化广电和旅游局", "某县文化馆", "送戏下乡及农村公益电影放映项目"),
    "training": ("某市人力资源和社会保障局", "某市职业技能鉴定指导中心", "职业技能提升培训补贴"),
    "envmon": ("某市生态环境局", "某市环境监测站", "环境质量自动监测站运行维护经费"),
    "cloud": ("某市政务服务数据管理局", "某市大数据中心", "政务云平台及数据共享交换平台运维服务"),
    "agri": ("某县农业农村局", "某县农业技术推广中心", "基层农技推广体系改革与建设补助项目"),
    "health": ("某区卫生健康局", "某区疾病预防控制中心", "基本公共卫生服务项目"),
}


def project(rng, domain, st, year, code=None, city=None):
    dept, impl, nm = DEPTS[domain]
    if city:
        dept, impl = dept.replace("某", city, 1), impl.replace("某", city, 1)
    name = (code + nm) if code else nm
    return C.make_project(rng, domain, st, name, dept, impl, year)


def S(**kw):
    return C.Style(kw)


def single(name, seed, domain, st, year, backend, landscape, font, code=None, city=None):
    rng = random.Random(seed)
    P = project(rng, domain, st, year, code, city)
    lines, g, t = build_form(P, st, rng)
    return {"name": name, "backend": backend, "font": font,
            "docx": docx_blocks(lines, g, landscape), "xlsx": [xlsx_sheet("自评表", lines, g, landscape)],
            "truth": {"projects": [t], "not_projects": 0}, "arrangement": st.get("about", "")}


# ---- plain budget tables, narrative, department-wide form, declaration (packages)

NARR = [
    "一、部门职责。本部门贯彻落实党中央、国务院和省委、省政府关于本领域工作的方针政策和决策部署，在履行职责过程中坚持和加强党的集中统一领导，负责拟订并组织实施行业发展规划和年度计划，统筹推进重点项目建设和公共服务供给。",
    "二、机构设置。本部门内设办公室、规划财务科、政策法规科、项目管理科等职能科室，下属事业单位若干个，纳入本年度部门决算编制范围的单位包括部门本级及所属二级预算单位。",
    "三、收入支出决算总体情况说明。本年度收入总计较上年有所增加，主要原因是中央和省级转移支付资金增加；支出总计相应增加，主要用于民生保障、基础设施建设和基本公共服务。",
    "四、财政拨款支出决算情况说明。本年度财政拨款支出主要用于一般公共服务、社会保障和就业、卫生健康、农林水等方面，其中基本支出用于保障机构正常运转，项目支出用于完成专项工作任务。",
    "五、“三公”经费支出情况说明。本年度“三公”经费支出较上年下降，主要原因是严格落实中央八项规定精神，厉行节约，压减公务接待和公务用车运行维护费用。",
    "六、预算绩效管理情况说明。根据预算绩效管理要求，本部门组织对上年度一般公共预算项目支出全面开展绩效自评，自评覆盖率达到100%，并对重点项目开展部门评价，评价结果作为预算安排和政策调整的重要依据。",
    "七、机关运行经费支出说明。本年度机关运行经费支出主要用于办公费、印刷费、水电费、办公用房物业管理费等，较上年略有下降。",
    "八、政府采购支出说明。本年度政府采购支出总额中，政府采购货物支出、工程支出和服务支出分别按规定程序执行，授予中小企业合同金额占政府采购支出总额的比例符合要求。",
    "九、国有资产占用情况说明。截至年末，本部门共有车辆若干辆，其中一般公务用车和执法执勤用车按规定配备，单位价值50万元以上通用设备和专用设备情况已如实填报。",
    "十、专业名词解释。财政拨款收入指本级财政当年拨付的资金；上年结转指以前年度尚未完成、结转到本年按有关规定继续使用的资金；基本支出指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
]


def budget_table(rng, title, landscape):
    items = ["一般公共服务支出", "公共安全支出", "教育支出", "科学技术支出", "社会保障和就业支出", "卫生健康支出",
             "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出", "住房保障支出"]
    rng.shuffle(items)
    items = items[:rng.randint(6, 10)]
    w = [14, 6, 9, 9, 9, 9, 9]
    g = R.Grid(w, size=9)
    g.tr({"text": "项目", "rs": 2}, {"text": "行次", "rs": 2}, {"text": "年初预算数", "rs": 2},
         {"text": "本年支出", "cs": 4})
    g.tr("合计", "基本支出", "项目支出", "经营支出")
    tot = [0.0] * 4
    rows = []
    for k, it in enumerate(items):
        b = round(rng.uniform(20, 3000), 2)
        p = round(rng.uniform(0, 2500), 2)
        rows.append((it, k + 2, round((b + p) * rng.uniform(0.9, 1.1), 2), b + p, b, p))
    s = [sum(r[i] for r in rows) for i in range(2, 6)]
    g.tr("合计", "1", *["%.2f" % v for v in s], "0.00")
    for r in rows:
        g.tr({"text": r[0], "align": "left"}, str(r[1]), *["%.2f" % v for v in r[2:]], "0.00")
    lines = [(title, 15, "center", True), ("金额单位：万元", 9, "right", False)]
    return lines, g


def dept_wide_form(rng, dept, year):
    w = [7, 8, 14, 10, 10, 6, 6, 14]
    g = R.Grid(w, size=9)
    lines = [("部门整体支出绩效自评表", 15, "center", True), ("（%d年度）" % year, 11, "center", False)]
    g.tr({"text": "部门名称", "cs": 2}, {"text": dept, "cs": 6, "align": "left"})
    g.tr({"text": "年度主要任务", "cs": 2, "rs": 4}, {"text": "任务名称", "cs": 2}, {"text": "主要内容", "cs": 3}, "预算金额（万元）")
    for tname in ["履职保障", "重点项目实施", "公共服务提供"]:
        g.tr({"text": tname, "cs": 2}, {"text": "按计划完成年度%s任务" % tname, "cs": 3, "align": "left"}, "%.2f" % rng.uniform(200, 5000))
    tot = round(rng.uniform(8000, 30000), 2)
    ex = round(tot * 0.97, 2)
    g.tr({"text": "部门预算（万元）", "cs": 2}, {"text": "年初预算数", "cs": 2}, "全年预算数", "全年执行数", "执行率", "得分")
    g.tr({"text": "年度资金总额", "cs": 2}, {"text": "%.2f" % (tot * 0.9), "cs": 2}, "%.2f" % tot, "%.2f" % ex, "97.00%", "9.70")
    g.tr({"text": "年度总体目标", "cs": 2}, {"text": "全面履行部门职责，完成年度重点工作任务，提升公共服务水平。", "cs": 6, "align": "left"})
    g.tr("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    rows = [("产出指标", "数量指标", "重点工作任务完成数", "≥10项", "12项", 20, 20),
            ("产出指标", "质量指标", "重点工作完成质量", "达标", "达标", 15, 15),
            ("产出指标", "时效指标", "任务按时完成率", "≥95%", "98%", 15, 15),
            ("效益指标", "社会效益指标", "公共服务水平", "有所提升", "有所提升", 30, 28),
            ("满意度指标", "服务对象满意度指标", "社会公众满意度", "≥90%", "93%", 10, 10)]
    for r in rows:
        g.tr(r[0], r[1], r[2], r[3], r[4], str(r[5]), str(r[6]), "无")
    g.tr({"text": "总分", "cs": 5}, "100", "97.70", "")
    return lines, g


def declaration(rng, P, year):
    w = [7, 9, 15, 12, 12]
    g = R.Grid(w, size=9)
    lines = [("项目支出绩效目标申报表", 15, "center", True), ("（%d年度）" % (year + 1), 11, "center", False)]
    g.tr({"text": "项目名称", "cs": 2}, {"text": P["name"], "cs": 3, "align": "left"})
    g.tr({"text": "主管部门", "cs": 2}, P["dept"], "实施单位", P["impl"])
    g.tr({"text": "项目资金（万元）", "cs": 2, "rs": 3}, {"text": "年度资金总额", "cs": 2}, "%.2f" % P["annual"])
    g.tr({"text": "其中：财政拨款", "cs": 2}, "%.2f" % P["annual"])
    g.tr({"text": "其他资金", "cs": 2}, "0.00")
    g.tr({"text": "年度总体目标", "cs": 2}, {"text": P["goal"][0], "cs": 3, "align": "left"})
    g.tr("一级指标", "二级指标", "三级指标", {"text": "指标值", "cs": 2})
    st = S()
    for ind in P["inds"]:
        t, _ = C.target_text(ind, st, rng)
        g.tr(C.L1["full"][ind["l1key"]], C.L2["full"][ind["l2key"]], ind["name"], {"text": t, "cs": 2})
    return lines, g


def package_docx(name, seed, font, plan, year, city, backend="docx"):
    """plan: list of ("narr", n) ("budget", title) ("dept",) ("proj", domain, style) ("decl",) ("break",)."""
    rng = random.Random(seed)
    dept_name = None
    blocks = [("section", False),
              ("title", "%s%d年度部门决算" % (city, year), 26, {"after": 40}), ("title", "（公开版）", 16, {}),
              ("break",)]
    sheets = []
    truths = []
    cur = [False]

    def add(tb, landscape):
        # every table on a new page; a section break only where the orientation changes
        tb = list(tb[1:])
        if landscape != cur[0]:
            if blocks[-1] == ("break",):
                blocks.pop()
            blocks.append(("section", landscape))
            cur[0] = landscape
        elif blocks[-1] != ("break",):
            blocks.append(("break",))
        blocks.extend(tb)

    notp = 0
    lastP = None
    for item in plan:
        kind = item[0]
        if kind == "narr":
            for k in range(item[1]):
                blocks.append(("para", rng.choice(NARR) + rng.choice(NARR)[3:], {"size": 12}))
        elif kind == "heading":
            blocks.append(("title", item[1], 16, {}))
        elif kind == "break":
            if blocks[-1] != ("break",):
                blocks.append(("break",))
        elif kind == "budget":
            lines, g = budget_table(rng, item[1], False)
            add(docx_blocks(lines, g, False), False)
            sheets.append(xlsx_sheet(item[1][:20], lines, g, False))
        elif kind == "dept":
            lines, g = dept_wide_form(rng, dept_name or (city + "某局"), year)
            add(docx_blocks(lines, g, False), False)
            sheets.append(xlsx_sheet("部门整体", lines, g, False))
            notp += 1
        elif kind == "decl":
            lines, g = declaration(rng, lastP, year)
            add(docx_blocks(lines, g, False), False)
            sheets.append(xlsx_sheet("目标申报", lines, g, False))
            notp += 1
        elif kind == "proj":
            st = item[2]
            P = project(rng, item[1], st, year, st.get("code_value"), city)
            dept_name = dept_name or P["dept"]
            lastP = P
            lines, g, t = build_form(P, st, rng)
            add(docx_blocks(lines, g, bool(st.landscape)), bool(st.landscape))
            sheets.append(xlsx_sheet("项目%d" % (len(truths) + 1), lines, g, bool(st.landscape)))
            truths.append(t)
    return {"name": name, "backend": backend, "font": font, "docx": blocks, "xlsx": sheets,
            "truth": {"projects": truths, "not_projects": notp}}


def files():
    out = []
    # 1 national form, portrait docx, left label column, （2022年度）, code prefix in the name
    out.append(single("h01-national-code", 101, "chengguan",
                      S(left_col=True, code=True, title="paren", unit_line=False, dash_sub=True, subrows=[1, 2, 3],
                        about="national layout with a left label column (项目资金/年度总体目标/绩效指标), （2022年度） line, code-prefixed name, 全年预算数 columns, portrait docx"),
                      2022, "docx", False, SERIF, code="2022-440100-0315 "))
    # 2 two-row header band, split target, points in 一级 labels, xlsx landscape
    out.append(single("h02-band2-split-points", 102, "water",
                      S(header="band2", split_target=True, l1_points=True, points_fmt="({}分)", title="year",
                        unit_line=True, subrows=[1, 3], about="two-row header band (绩效指标 over 一级/二级/三级; 年度指标值 over 指标性质|指标值|度量单位), 一级 labels with points 产出指标(50分), title 2022年度项目支出绩效自评表, xlsx landscape"),
                      2022, "xlsx", True, SANS))
    # 3 分值 before 年度指标值, short 二级 labels, （50） points, lettered headers, docx landscape
    out.append(single("h03-weight-first", 103, "school",
                      S(weight_first=True, l2_style="short", l1_points=True, points_fmt="（{}）",
                        hdr={"weight": "分值（分）", "target": "年度指标值(A)", "actual": "实际完成值(B)", "score": "得分（分）"},
                        title="paren", money=["年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
                        about="分值 before 年度指标值, 二级 labels without 指标 (数量), 产出指标（50）, headers with letters/units, docx landscape"),
                      2022, "docx", True, "Noto Sans CJK SC DemiLight"))
    # 4 复核分 (Hubei), 调整后预算数, 填报日期, xlsx portrait
    out.append(single("h04-review-date", 104, "road",
                      S(review=True, title="paren_date", unit_line=True, money=["年初预算数", "调整后预算数", "全年执行数", "分值", "执行率", "得分"],
                        l2_style="prefixed", dash_sub=True, about="复核分 column, 调整后预算数, （2021年度） line followed by a 填报日期 of the next year, 二级 产出数量/产出质量, xlsx portrait"),
                      2021, "xlsx", False, SERIF))
    # 5 得分计算方法 (Beijing), three-row header band, narrow columns, docx landscape
    out.append(single("h05-band3-method", 105, "cloud",
                      S(header="band3", split_target=True, method=True, title="paren", ascii_ops=False,
                        widths={"l3": 9, "note": 11, "method": 11, "l1": 4, "l2": 5},
                        about="three-row header band (绩效指标 over 一级/二级/三级 and 年度指标值, which spans 指标性质|指标值|度量单位), 得分计算方法 column, narrow wrapping columns, docx landscape"),
                      2022, "docx", True, SANS))
    # 6 Jiangsu: 投入/产出/结果目标, numbered names, half-point weights, five-column money block
    out.append(single("h06-jiangsu-numbered", 106, "ncms",
                      S(l1_style="jiangsu", numbered=True, weight_step=0.5, split={"投入": 15, "产出": 45, "效益": 20, "满意度": 10},
                        money=["年初预算数", "全年预算数", "全年执行数", "执行率", "得分"], money_keys=["init", "annual", "exec", "rate", "score"],
                        vertical_l1=True, title="year", about="Jiangsu 投入目标/产出目标/结果目标 written vertically, numbered names 指标1：…, half-point weights, five-column money block without 分值, xlsx portrait"),
                      2023, "xlsx", False, SANS, city="沭阳"))
    # 7 empty 年度资金总额 row, sub-rows hold money
    out.append(single("h07-empty-total", 107, "forestfire",
                      S(total_row="empty", subrows=[1, 2, 3], title="paren", left_col=True, dash_sub=True,
                        about="年度资金总额 row printed empty while 财政拨款/上年结转/其他资金 hold money, left label column, docx portrait"),
                      2022, "docx", False, "Noto Serif CJK SC Light"))
    # 8 budget weight 20, 80 points of indicators, only 全年预算数(A)/全年执行数(B), grade in the total row
    out.append(single("h08-budget20-grade", 108, "culture",
                      S(budget_weight=20, split={"产出": 40, "效益": 30, "满意度": 10}, grade=True, l1_points=True,
                        money=["全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分(20分*执行率)"],
                        money_keys=["annual", "exec", "weight", "rate", "score"], subrows=[1],
                        about="budget weight 20 with 80 indicator points, money block with only 全年预算数(A)/全年执行数(B), grade 自评等级 in the total row, xlsx landscape"),
                      2022, "xlsx", True, "Noto Serif CJK SC"))
    # 9 long table over pages, amounts in 元 with thousands separators, full-width digits, no merged labels
    out.append(single("h09-long-yuan", 109, "envmon",
                      S(unit="元", thousands=True, fullwidth=True, no_merge=True, size=10.5, two_satisfaction=True,
                        title="paren", unit_line=True, l2_points=True, actual_no_unit=True,
                        about="table continuing over pages (large type, labels repeated on each row), amounts in 元 with thousands separators, full-width digits, points in 二级 labels, docx portrait"),
                      2022, "docx", False, "Noto Sans CJK SC"))
    # 10 docx, 2021, money block with 年度预算数/年度支出预算数/预算完成数 and 权重, generous
    out.append(single("h10-alt-money-words", 110, "training",
                      S(money=["年度预算数", "年度支出预算数", "预算完成数", "权重", "预算完成率", "得分"],
                        hdr={"weight": "权重", "score": "自评得分", "target": "年度目标值", "actual": "实际完成指标值"},
                        title="year", l1_style="short", band_text="绩效指标", header="band2", score_2dp=True,
                        about="money block 年度预算数/年度支出预算数/预算完成数/权重/预算完成率, 一级 labels 产出/效益/满意度, two-row band without split target, docx portrait"),
                      2021, "docx", False, "Noto Serif CJK SC SemiBold"))
    # 11 the big package: docx, ~30 pages
    plan = [("heading", "目  录"), ("narr", 3), ("break",), ("heading", "第一部分 部门概况"), ("narr", 14), ("break",),
            ("heading", "第二部分 部门决算表"), ("budget", "收入支出决算总表"), ("break",), ("budget", "收入决算表"), ("break",),
            ("budget", "支出决算表"), ("break",), ("budget", "财政拨款收入支出决算总表"), ("break",),
            ("budget", "一般公共预算财政拨款支出决算表"), ("break",), ("budget", "政府性基金预算财政拨款收入支出决算表"), ("break",),
            ("heading", "第三部分 部门决算情况说明"), ("narr", 24), ("break",),
            ("heading", "第四部分 绩效自评情况"), ("narr", 3), ("break",), ("dept",),
            ("proj", "agri", S(code=False, title="paren", landscape=False)), ("break",),
            ("proj", "water", S(title="paren", header="band2", split_target=True, l1_points=True, landscape=True)), ("break",),
            ("proj", "forestfire", S(title="year", weight_first=True, l2_style="short", landscape=False)), ("break",),
            ("proj", "road", S(title="paren", left_col=True, dash_sub=True, landscape=False)), ("break",),
            ("decl",), ("break",), ("heading", "第五部分 名词解释"), ("narr", 6)]
    p = package_docx("h11-package-final-accounts", 111, SERIF, plan, 2022, "临川")
    p["arrangement"] = "a 决算 package (~30 pages): cover, narrative, six plain budget tables, a 部门整体支出绩效自评表, four project forms in different arrangements (one landscape, two-row band), a 绩效目标申报表 (targets only); docx"
    out.append(p)
    # 12 small package as an xlsx workbook: three projects + declaration, one landscape
    plan = [("proj", "health", S(title="year", l1_points=True, landscape=False)),
            ("proj", "culture", S(title="paren", review=True, landscape=True, unit_line=True)),
            ("decl",),
            ("proj", "training", S(title="date", header="band2", split_target=True, landscape=True))]
    p = package_docx("h12-package-workbook", 112, SANS, plan, 2023, "南城", backend="xlsx")
    p["arrangement"] = "an xlsx workbook printed whole: three project forms (one with 复核分, one with a two-row band and split target) and a 绩效目标申报表 between them"
    out.append(p)
    return out


def main():
    want = set(sys.argv[1:])
    pdfdir = os.path.join(HERE, "pdf")
    trdir = os.path.join(HERE, "truth")
    os.makedirs(pdfdir, exist_ok=True)
    os.makedirs(trdir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="heldout_")
    srcs = []
    meta = []
    for f in files():
        if want and f["name"] not in want:
            continue
        if f["backend"] == "docx":
            path = os.path.join(tmp, f["name"] + ".docx")
            R.write_docx(path, f["docx"], f["font"])
        else:
            path = os.path.join(tmp, f["name"] + ".xlsx")
            R.write_xlsx(path, f["xlsx"], f["font"])
        srcs.append(path)
        with open(os.path.join(trdir, f["name"] + ".json"), "w", encoding="utf-8") as fh:
            json.dump(f["truth"], fh, ensure_ascii=False, indent=1)
        meta.append((f["name"], f["backend"], f["font"], f.get("arrangement", "")))
    R.to_pdf(srcs, tmp)
    for name, *_ in meta:
        shutil.copy(os.path.join(tmp, name + ".pdf"), os.path.join(pdfdir, name + ".pdf"))
    with open(os.path.join(HERE, "arrangements.tsv"), "w", encoding="utf-8") as fh:
        for row in meta:
            fh.write("\t".join(row) + "\n")
    shutil.rmtree(tmp)
    print("wrote %d files" % len(meta))


if __name__ == "__main__":
    main()
