from _common import I, MONEY_STD, KEYS_STD, COLS_STD, money

P = "产出指标(50分)"
B = "效益指标(25分)"   # its indicators weigh 15 + 15 = 30
S = "满意度指标(10分)"

# v1.1 report-level rules: a stated total of 89.99 graded 优 (the band starts at 90), a 一级 label's points (25) not its
# indicators' weights (30), one indicator carrying exactly 45% of the indicator weights, 效益 made only of slogans,
# 预算执行率 as an 产出 indicator, a placeholder left in the 预期目标 text, a narrative whose 年度预算, 实际支出, 预算执行率
# and 自评得分 all differ from the table; a 2020 report without 成本指标 (structure.no_cost is for 2021 on).
SPEC = {
    "name": "slogan-grade-2020",
    "description": "v1.1 report rules: stated 89.99 graded 优 (grade_mismatch), 效益指标(25分) over weights 15+15 "
                   "(level_weight_mismatch), one weight 40.5 of 90 = exactly 45% (dominant), 效益 only slogans, 预算执行率 "
                   "under 产出, （100字以内） left in the goal, narrative 年度预算/实际支出/预算执行率/自评得分 all off; "
                   "2020 without 成本 (no no_cost); CID font, filled-rectangle rules",
    "font": "cid",
    "rules": "rect",
    "title": ["漳州市2020年社区居家养老服务站建设项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年度预算340.00万元，实际支出284.82万元，预算执行率为89.6%。",
        "二、绩效目标完成情况",
        "全年建成社区养老服务站12个，服务老年人38,600人次，老年人生活质量明显提升。",
        "三、自评结论",
        "经综合评价，项目自评得分90.6分，自评等级为优。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2020年度）",
        "unit_line": "单位：万元",
        "project": "2020年社区居家养老服务站建设项目",
        "level": None,
        "department": "漳州市民政局",
        "implementer": "漳州市养老服务指导中心",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("320.00", "320.00", "284.80", "10", "89%", "8.9"),
                            [("其中：当年财政拨款", "320.00", "320.00", "284.80"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "goals": ("年度总体目标", "预期目标", "实际完成情况", "（100字以内）提升社区养老服务能力。",
                  "建成社区养老服务站12个，服务老年人38,600人次。"),
        "goals_widths": [54, 223, 223],
        "ind_cols": [("l1", "一级指标", 56), ("l2", "二级指标", 52), ("name", "三级指标", 100), ("t", "年度指标值", 62),
                     ("a", "实际完成值", 58), ("w", "分值", 34), ("s", "得分", 38), ("note", "偏差原因分析及改进措施", 100)],
        "size": 9.5,
        "indicators": [
            I(P, "数量指标", "建成社区养老服务站", "不少于12个", "12个", "40.5", "40.5", "无",
              (">=", 12, "个"), (12, "个"), 40.5),
            I(P, "质量指标", "预算执行率", "≥85%", "89%", "9.5", "9.5", "无",
              (">=", 85, "%"), (89, "%"), 9.5),
            I(B, "社会效益指标", "老年人生活质量", "明显提升", "明显提升", "15", "10.59", "服务覆盖面仍有提升空间。",
              None, None, 10.59),
            I(B, "可持续影响指标", "社区养老服务体系", "逐步完善", "初步建立", "15", "10.5", "体系建设仍需持续推进。",
              None, None, 10.5),
            I(S, "服务对象满意度指标", "老年人满意度", "≥90%", "93%", "10", "10", "无",
              (">=", 90, "%"), (93, "%"), 10),
        ],
        "total": ("100", "89.99", "自评等级：优"),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1] * 5,
        "project": {"name": "2020年社区居家养老服务站建设项目", "department": "漳州市民政局",
                    "implementer": "漳州市养老服务指导中心", "year": 2020, "level": None},
        # 284.80 / 320 = 0.89 -> 89%; 10 x 0.89 = 8.90
        "budget": {"unit": "万元", "initial_budget": 320, "annual_budget": 320, "executed": 284.8,
                   "execution_rate": 89, "weight": 10, "score": 8.9},
        "level_points": True,
        "grade": "优",
        "total_stated": 89.99,       # 8.9 + 40.5 + 9.5 + 10.59 + 10.5 + 10
        "total_recomputed": 89.99,
        "findings": [
            ("score.level_weight_mismatch", None),  # 效益指标(25分) vs 15 + 15 = 30 (产出 50 = 40.5 + 9.5, 满意度 10 = 10)
            ("score.grade_mismatch", None),         # 89.99 < 90: 良, stated 优
            # weights 50/30/10 + budget 10: the standard split (the label's 25 is not a weight)
            ("structure.dominant_indicator", None),  # 40.5 = 45% x 90 (at least: fires)
            ("structure.slogan_benefits", None),    # 明显提升, 逐步完善: no number
            ("text.placeholder_left", None),        # （100字以内） in 预期目标 (NFKC: (100字以内))
            # 年度预算340.00 vs 320.00; 实际支出284.82 vs 284.80 (0.02 > 0.01); 预算执行率为89.6% vs 89% (0.6);
            # 自评得分90.6 vs 89.99 (0.61): one finding each, in that order
            ("narrative.table_mismatch", None), ("narrative.table_mismatch", None),
            ("narrative.table_mismatch", None), ("narrative.table_mismatch", None),
            ("structure.budget_as_indicator", "预算执行率"),
            ("indicator.not_quantified", "老年人生活质量"),    # docked with a note: no docking finding
            ("indicator.not_quantified", "社区养老服务体系"),
        ],
    },
}
