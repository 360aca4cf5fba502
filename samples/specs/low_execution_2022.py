from _common import I, MONEY_STD, KEYS_STD, COLS_STD, money

# v1.1 thresholds on the firing side and just short of it: execution 79.9% with the 产出 self scores at exactly 95% of
# their weights (budget.low_execution_full_marks, inclusive); 全年 total 0.02 off its sub-rows (fires) while 执行 is 0.01
# off (does not); 年初 500 -> 全年 550, exactly 10% (budget.adjusted does not fire); a 项目总成本 actual 1.5% above the
# executed amount (budget.cost_mismatch); a narrative rate 0.6 points off (fires), an amount 0.01 off and a total 0.5
# off (do not).
SPEC = {
    "name": "low-execution-2022",
    "description": "v1.1 budget edges: execution 79.9% with 产出 self scores at exactly 95% of their weights "
                   "(low_execution_full_marks), 全年 total 0.02 off its sub-rows (fires) and 执行 0.01 off (does not), "
                   "年初 500 -> 全年 550 exactly 10% (not adjusted), 项目总成本 446.04 vs executed 439.45 (1.5%), "
                   "narrative rate 80.5% vs 79.9% (0.6) while 实际支出 is 0.01 off and 自评 0.5 off; CID font, stroked rules",
    "font": "cid",
    "rules": "line",
    "creator": "WPS 文字", "producer": "WPS 文字",
    "title": ["芜湖市2022年老旧小区供水管网改造项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年初预算500.00万元，年中追加50.00万元，年度预算550.00万元，实际支出439.46万元，预算执行率为80.5%。"
        "部分管网改造工程因冬季停工结转下年支付。",
        "二、绩效目标完成情况",
        "全年完成31个老旧小区供水管网改造，工程验收合格率100%，项目总成本446.04万元。经综合评价，项目自评得分95.99分。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2022年度）",
        "unit_line": "单位：万元",
        "project": "2022年老旧小区供水管网改造项目",
        "level": None,
        "department": "芜湖市城市管理局",
        "implementer": "芜湖市供水管理中心",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("500.00", "550.00", "439.45", "10", "79.9%", "7.99"),
                            [("其中：当年财政拨款", "500.00", "549.98", "439.44"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "ind_cols": COLS_STD,
        "size": 10,
        "indicators": [
            I("产出指标", "数量指标", "改造老旧小区数量", "不少于30个", "31个", "15", "15", "无",
              (">=", 30, "个"), (31, "个"), 15),
            I("产出指标", "质量指标", "工程验收合格率", "100%", "100%", "15", "15", "无",
              (">=", 100, "%"), (100, "%"), 15),
            I("产出指标", "时效指标", "项目完工及时率", "≥95%", "96%", "10", "7.5", "部分工程冬季停工、完工后验收。",
              (">=", 95, "%"), (96, "%"), 10),               # met, docked 2.5 with a note: no v1.1 docking finding
            I("产出指标", "成本指标", "项目总成本", "≤450万元", "446.04万元", "10", "10", "无",
              ("<=", 450, "万元"), (446.04, "万元"), 10),     # |446.04 - 439.45| = 6.59 > 1% x 439.45 = 4.3945
            I("效益指标", "社会效益指标", "供水管网漏损率", "≤10%", "9.2%", "15", "15", "无",
              ("<=", 10, "%"), (9.2, "%"), 15),               # 10 < 1.2 x 9.2 = 11.04
            I("效益指标", "生态效益指标", "供水水质达标率", "≥99%", "99.6%", "15", "15", "无",
              (">=", 99, "%"), (99.6, "%"), 15),
            I("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "93%", "10", "10", "无",
              (">=", 90, "%"), (93, "%"), 10),
        ],
        "total": ("100", "95.49", ""),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1] * 7,
        "project": {"name": "2022年老旧小区供水管网改造项目", "department": "芜湖市城市管理局",
                    "implementer": "芜湖市供水管理中心", "year": 2022, "level": None},
        # 439.45 / 550 = 0.799 -> 79.9%; 10 x 0.799 = 7.99
        "budget": {"unit": "万元", "initial_budget": 500, "annual_budget": 550, "executed": 439.45,
                   "execution_rate": 79.9, "weight": 10, "score": 7.99},
        "total_stated": 95.49,       # 7.99 + (15 + 15 + 7.5 + 10) + 30 + 10
        "total_recomputed": 97.99,   # 7.99 + 50 + 30 + 10
        "findings": [
            # 全年 550.00 vs 549.98 + 0 + 0: 0.02 > 0.01 (年初 500 = 500; 执行 439.45 vs 439.44: 0.01, not more)
            ("budget.subrows_mismatch", None),
            # |500 - 550| = 50 = 10% of 500: not more than 10%, no budget.adjusted
            # rate 79.9% < 80% and 产出 self scores 15 + 15 + 7.5 + 10 = 47.5 >= 95% x 50 = 47.5 (at least: fires)
            ("budget.low_execution_full_marks", None),
            # narrative: 年度预算550.00 = 550.00; 实际支出439.46 vs 439.45 (0.01, not more); 预算执行率为80.5% vs the
            # stated 79.9% (0.6 > 0.5: fires); 自评得分95.99 vs the stated 95.49 (0.5, not more)
            ("narrative.table_mismatch", None),
            ("budget.cost_mismatch", "项目总成本"),
        ],
    },
}
