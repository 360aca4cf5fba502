from _common import I

# Jiangsu's form: 一级 labels 投入目标 / 产出目标 / 结果目标 written vertically (one character per line, then the
# points), 二级 labels without the word 指标, numbered names (指标1：…), a money block with only 全年预算数(A) |
# 全年执行数(B) | 执行率(B/A) | 分值 | 得分 (no 年初 column, a sub-row left blank), a narrow 一级 column whose header
# wraps inside the cell, and a project name with its code prefix.
COLS_JS = [("l1", "一级指标", 36), ("l2", "二级指标", 56), ("name", "三级指标", 120), ("t", "年度指标值", 60),
           ("a", "实际完成值", 58), ("w", "分值", 32), ("s", "得分", 34), ("note", "偏差原因分析及改进措施", 104)]
IN = "投\n入\n目\n标\n(15分)"
OUT = "产\n出\n目\n标\n(45分)"
RES = "结\n果\n目\n标\n(30分)"

SPEC = {
    "name": "jiangsu-2023",
    "description": "Jiangsu form: vertical 一级 labels 投入目标/产出目标/结果目标 with points, 二级 without 指标, 满意度 as a "
                   "二级 under 结果目标, numbered names (指标1：…), money block with only 全年预算数(A)|全年执行数(B)|执行率"
                   "(B/A)|分值|得分 and a blank sub-row, project code prefix; AR PL UMing, stroked rules",
    "font": "um",
    "rules": "line",
    "title": ["姑苏区老旧小区适老化改造项目", "绩效自评报告"],
    "narrative": [
        "一、项目概况",
        "2023年全年预算600.00万元，其中财政拨款560.00万元、上年结转40.00万元，全年执行582.00万元，执行率97%。",
        "二、绩效目标完成情况",
        "全年完成12个老旧小区适老化改造，安装适老化设施3,260套。受居民协调影响，改造完工及时率为92%，未达到年度目标。",
    ],
    "table_new_page": True,
    "form": {
        "year_line": "（2023年度）",
        "unit_line": "单位：万元",
        "header_widths": [64, 280, 56, 100],
        "project": "32050823T000000012345-姑苏区老旧小区适老化改造项目",
        "level": None,
        "department": "苏州市姑苏区民政局",
        "implementer": "苏州市姑苏区养老服务指导中心",
        "money_label": "项目资金（万元）",
        "money_widths": [54, 110, 76, 76, 64, 56, 64],
        "money_header": ["全年预算数(A)", "全年执行数(B)", "执行率(B/A)", "分值", "得分"],
        "money_keys": ["annual", "executed", "rate", "weight", "score"],
        "money_rows": [("年度资金总额", "600.00", "582.00", "97%", "10", "9.7"),
                       ("其中：财政拨款", "560.00", "545.00", "—", "—", "—"),
                       ("上年结转资金", "40.00", "37.00", "—", "—", "—"),
                       ("其他资金", "", "", "—", "—", "—")],
        "ind_cols": COLS_JS,
        "size": 9.5,
        "indicators": [
            I(IN, "资金投入", "指标1：财政资金到位率", "≥100%", "100%", "7.5", "7.5", "无",
              (">=", 100, "%"), (100, "%"), 7.5),
            I(IN, "资金投入", "指标2：资金支出合规率", "=100%", "100%", "7.5", "7.5", "无",
              ("=", 100, "%"), (100, "%"), 7.5),
            I(OUT, "数量", "改造老旧小区数量", "≥12个", "12个", "10", "10", "无",
              (">=", 12, "个"), (12, "个"), 10),
            I(OUT, "数量", "安装适老化设施", "不少于3,000套", "3,260套", "10", "10", "无",
              (">=", 3000, "套"), (3260, "套"), 10),                # 1.0867
            I(OUT, "质量", "工程验收合格率", "100%", "100%", "10", "10", "无",
              (">=", 100, "%"), (100, "%"), 10),
            I(OUT, "时效", "改造完工及时率", "≥95%", "92%", "7.5", "7.5", "部分小区因居民协调延期开工。已督促施工单位倒排工期。",
              (">=", 95, "%"), (92, "%"), 7.26),                   # 7.5 x 92/95 = 7.2632 -> 7.26
            I(OUT, "成本", "户均改造成本", "≤0.8万元", "0.76万元", "7.5", "7.5", "无",
              ("<=", 0.8, "万元"), (0.76, "万元"), 7.5),            # 0.8 / 0.76 = 1.0526
            I(RES, "社会效益", "老年人居家跌倒事故", "≤5起", "2起", "10", "10", "无",
              ("<=", 5, "起"), (2, "起"), 10),                     # 5 >= 2.4: too_low
            I(RES, "可持续影响", "适老化设施正常使用率", "≥90%", "96%", "10", "10", "无",
              (">=", 90, "%"), (96, "%"), 10),                     # 1.0667
            I(RES, "满意度", "改造户满意度", "≥90%", "93%", "10", "10", "无",
              (">=", 90, "%"), (93, "%"), 10),
        ],
        "total": ("100", "99.7", ""),
    },
    "expected": {
        "pages": 2,
        "ind_pages": [2] * 10,
        "project": {"name": "32050823T000000012345-姑苏区老旧小区适老化改造项目", "department": "苏州市姑苏区民政局",
                    "implementer": "苏州市姑苏区养老服务指导中心", "year": 2023, "level": None},
        # 582 / 600 = 97%; 10 x 0.97 = 9.70; no 年初 column
        "budget": {"unit": "万元", "initial_budget": None, "annual_budget": 600, "executed": 582,
                   "execution_rate": 97, "weight": 10, "score": 9.7},
        "budget_rows": [("年度资金总额", None, 600, 582), ("其中：财政拨款", None, 560, 545),
                        ("上年结转资金", None, 40, 37), ("其他资金", None, None, None)],
        "level_points": True,
        "total_stated": 99.7,        # 9.7 + 15 + 45 + 30
        "total_recomputed": 99.46,   # 9.7 + 15 + (10 + 10 + 10 + 7.26 + 7.5) + 30
        "findings": [
            # v1.1: 投入 7.5+7.5 = 15 and 结果 30 are categories the national profile has no standard for, 产出 45 != 50
            # -> weights_not_standard. Not firing: the label points add up (投入 15 = 7.5+7.5, 产出 45 = 10+10+10+7.5+7.5,
            # 结果 30 = 10+10+10); subrows 560+40 = 600, 545+37 = 582 (blank 其他资金 = 0); 二级 成本 present; 结果目标
            # holds 社会效益 (under 效益); 改造完工及时率 keeps full marks (overrated, not docked)
            ("structure.weights_not_standard", None),
            ("score.overrated", "改造完工及时率"),
            ("target.not_achieved", "改造完工及时率"),
            ("target.too_low", "老年人居家跌倒事故"),
            ("deviation.unexplained", "老年人居家跌倒事故"),
        ],
    },
}
