from _common import I, MONEY_STD, KEYS_STD, COLS_STD, money

# v1.1 on the quiet side of its thresholds, and a form with only two indicators: executed 150.01 against 150.00 (0.01:
# not over-executed), 一级 labels whose points are 0.01 off their weights (not level_weight_mismatch), a stated 90.00 graded 优 (the band's lower bound: agrees), goal texts copied but only 9
# characters, 预算执行率 under 投入目标 (not an 产出 or 效益 indicator). Fires: no 产出 and no 效益 (two
# structure.missing_level), no 成本, weights 投入/结果 off the national split, fewer than 3 indicators.
SPEC = {
    "name": "two-indicators-2023",
    "description": "two indicators under 投入目标(40分) (预算执行率, weight 39.99: not 产出/效益, no budget_as_indicator; "
                   "points 0.01 off, no level_weight_mismatch) and 结果目标(50分) (满意度, weight 50.01): "
                   "missing_level for 产出 and 效益, dominant (fewer than 3), no_cost, weights not standard; executed "
                   "150.01 vs 150.00 (not over-executed), 90.00 graded 优 (agrees), goal texts copied at 9 characters "
                   "(not goal_copied); WQY Zen Hei, stroked rules",
    "font": "zh",
    "rules": "line",
    "title": ["2023年政务服务窗口适老化改造项目绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年度预算150.00万元，实际支出150.01万元，预算执行率为100%。",
        "二、自评结论",
        "经综合评价，项目自评90分。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2023年度）",
        "unit_line": "单位：万元",
        "project": "2023年政务服务窗口适老化改造项目",
        "level": None,
        "department": "厦门市行政审批管理局",
        "implementer": "厦门市行政服务中心",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("150.00", "150.00", "150.01", "10", "100%", "10"),
                            [("其中：当年财政拨款", "150.00", "150.00", "150.01"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "goals": ("年度总体目标", "预期目标", "实际完成情况", "完成窗口适老化改造。", "完成窗口适老化改造"),
        "goals_widths": [54, 223, 223],
        "ind_cols": COLS_STD,
        "size": 10,
        "indicators": [
            # the labels' points 40 and 50 are 0.01 off the weights 39.99 and 50.01: not more, no level_weight_mismatch
            I("投入目标(40分)", "资金投入", "预算执行率", "≥95%", "100%", "39.99", "39.99", "无",
              (">=", 95, "%"), (100, "%"), 39.99),
            I("结果目标(50分)", "满意度", "服务对象满意度", "≥90%", "92%", "50.01", "40.01", "部分服务对象对办理时限不满意。",
              (">=", 90, "%"), (92, "%"), 50.01),     # met, docked 10 with a note: no docking finding
        ],
        "total": ("100", "90.00", "自评等级：优"),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1, 1],
        "project": {"name": "2023年政务服务窗口适老化改造项目", "department": "厦门市行政审批管理局",
                    "implementer": "厦门市行政服务中心", "year": 2023, "level": None},
        # 150.01 / 150 = 100.0067% (stated 100%); 10 x min(1.0000667, 1) = 10
        "budget": {"unit": "万元", "initial_budget": 150, "annual_budget": 150, "executed": 150.01,
                   "execution_rate": 100, "weight": 10, "score": 10},
        "grade": "优",
        "level_points": True,
        "total_stated": 90.0,        # 10 + 39.99 + 40.01
        "total_recomputed": 100.0,   # 10 + 39.99 + 50.01
        "findings": [
            # 150.01 - 150.00 = 0.01: not more than 0.01, no over_executed; 90.00 is 优 (inclusive), as stated
            ("structure.missing_level", None),   # no 产出 (投入, 结果)
            ("structure.missing_level", None),   # no 效益 (结果目标's 二级 is 满意度, 资金投入 not 效益)
            ("structure.no_cost", None),         # 2023, no 二级 成本
            ("structure.weights_not_standard", None),  # 投入 39.99 and 结果 50.01: no national standard
            ("structure.dominant_indicator", None),    # 2 indicators, fewer than 3
            # 完成窗口适老化改造 is 9 characters: not goal_copied; narrative 150.00 / 150.01 / 100% / 90 agree
        ],
    },
}
