"""Helpers shared by the sample specs. Each spec module defines SPEC (see make_samples.py)."""


def I(l1, l2, name, t, a, w, s, note, tgt, act, r, opcol=None, unitcol=None):
    """One indicator row as printed (texts), with the hand-written expectations:
    tgt = (op, value, unit) or None, act = (value, unit) or None, r = recomputed score (2 decimals)."""
    d = {"l1": l1, "l2": l2, "name": name, "t": t, "a": a, "w": w, "s": s, "note": note, "tgt": tgt, "act": act,
         "r": r}
    if opcol is not None:
        d["opcol"], d["unitcol"] = opcol, unitcol
    return d


MONEY_STD = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
KEYS_STD = ["initial", "annual", "executed", "weight", "rate", "score"]
MONEY_LETTERS = ["年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"]
MONEY_ADJ = ["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"]
KEYS_ADJ = ["initial", "annual", "executed", "rate", "weight", "score"]
MONEY_GZ = ["1.年度预算数", "年度支出预算数", "预算完成数", "分值", "预算完成率", "得分"]

COLS_STD = [("l1", "一级指标", 48), ("l2", "二级指标", 52), ("name", "三级指标", 104), ("t", "年度指标值", 66),
            ("a", "实际完成值", 62), ("w", "分值", 34), ("s", "得分", 38), ("note", "偏差原因分析及改进措施", 96)]
# the seed-like narrow table: two characters per line in the level and name columns
COLS_NARROW = [("l1", "一级指标", 30), ("l2", "二级指标", 30), ("name", "三级指标", 30), ("t", "年度指标值", 42),
               ("a", "实际完成值", 62), ("w", "分值", 50), ("s", "得分", 50), ("note", "偏差原因分析及改进措施", 206)]
COLS_TARGET_ACTUAL = [("l1", "一级指标", 48), ("l2", "二级指标", 52), ("name", "三级指标", 104),
                      ("t", "年度目标值", 66), ("a", "全年实际值", 62), ("w", "权重", 34), ("s", "得分", 38),
                      ("note", "偏差原因分析及改进措施", 96)]
# Yunnan / Sichuan: the target split into 指标性质 | 指标值 | 度量单位
COLS_SPLIT = [("l1", "一级指标", 42), ("l2", "二级指标", 46), ("name", "三级指标", 92), ("op", "指标性质", 34),
              ("t", "指标值", 40), ("unit", "度量单位", 34), ("a", "全年实际值", 52), ("w", "分值", 30),
              ("s", "得分", 34), ("note", "未完成原因和改进措施", 96)]

SUBROWS_STD = [("其中：当年财政拨款",), ("上年结转资金",), ("其他资金",)]


def money(total_label, total, subs):
    """The money block's rows: the total row (6 values) then sub-rows (3 amounts, '—' in the score columns)
    for the standard column order (amounts first, then 分值/执行率/得分 or 执行率/权重/得分)."""
    rows = [(total_label,) + tuple(total)]
    for label, a, b, c in subs:
        rows.append((label, a, b, c, "—", "—", "—"))
    return rows
