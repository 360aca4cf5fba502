from _common import I, MONEY_STD, KEYS_STD, COLS_STD

# v1.1 edges: executed 0.02 above the adjusted budget (budget.over_executed) with 全年 0.01 off its sub-rows (no
# subrows_mismatch); 年初 400 -> 全年 442, 10.5% (budget.adjusted); self scores W + 0.006 (score.over_weight) and
# W + 0.005 (not); a met target docked W - 0.06 with 无 (score.met_but_docked) and one docked exactly W - 0.05 (nothing);
# 资金支付率 as an 产出 indicator; a 项目总成本 in 元 0.5% off the executed 万元 (no cost_mismatch); no 效益 indicator;
# the largest weight 39.6 of 90 = 44% (not dominant); a narrative in 元 that agrees after conversion.
SPEC = {
    "name": "over-executed-2023",
    "description": "v1.1 edges: executed 442.02 > 全年 442.00 by 0.02 (over_executed), 年初 400 -> 442 (10.5%: adjusted), "
                   "全年 0.01 off its sub-rows (no subrows_mismatch), self scores W+0.006 (over_weight) and W+0.005 "
                   "(not), a met target docked W-0.06 with 无 (met_but_docked) and one W-0.05 (nothing), 资金支付率 under "
                   "产出, 项目总成本 4,442,300元 vs 442.02万元 (0.5%: no cost_mismatch), no 效益, largest weight 44%, "
                   "narrative 实际支出 in 元, 年度预算 0.01 off and rate 0.5 off (no table_mismatch); WQY Zen Hei, "
                   "filled-rectangle rules",
    "font": "zh",
    "rules": "rect",
    "title": ["宁波市2023年家庭经济困难学生资助项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年初预算400.00万元，年中追加42.00万元，年度预算442.01万元，实际支出4,420,200元，预算执行率为99.5%。",
        "二、绩效目标完成情况",
        "全年发放助学金2,050人次，资助困难学生家庭1,520个，资金按时足额发放。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2023年度）",
        "unit_line": "单位：万元",
        "project": "2023年家庭经济困难学生资助项目",
        "level": "一级□ 二级☑",
        "department": "宁波市教育局",
        "implementer": "宁波市学生资助管理中心",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": [("年度资金总额", "400.00", "442.00", "442.02", "10", "100%", "10"),
                       ("其中：当年财政拨款", "300.00", "341.99", "342.02", "—", "—", "—"),
                       ("上年结转资金", "100.00", "100.00", "100.00", "—", "—", "—"),
                       ("其他资金", "—", "—", "—", "—", "—", "—")],
        "ind_cols": [("l1", "一级指标", 48), ("l2", "二级指标", 52), ("name", "三级指标", 104), ("t", "年度指标值", 70),
                     ("a", "实际完成值", 62), ("w", "分值", 34), ("s", "得分", 38), ("note", "偏差原因分析及改进措施", 92)],
        "size": 9.5,
        "indicators": [
            I("产出指标", "数量指标", "发放助学金人数", "不少于2,000人次", "2,050人次", "39.6", "39.6", "无",
              (">=", 2000, "人次"), (2050, "人次"), 39.6),
            I("产出指标", "数量指标", "资助困难学生家庭", "不少于1,500个", "1,520个", "10", "10.006", "无",
              (">=", 1500, "个"), (1520, "个"), 10),          # 10.006 > 10 + 0.005: over_weight
            I("产出指标", "质量指标", "资助对象认定准确率", "≥98%", "99%", "5", "5.005", "无",
              (">=", 98, "%"), (99, "%"), 5),                 # 5.005 = 5 + 0.005: not more, no finding
            I("产出指标", "时效指标", "资金发放及时率", "≥95%", "97%", "10", "9.94", "无",
              (">=", 95, "%"), (97, "%"), 10),                # met, 9.94 < 10 - 0.05, 无: met_but_docked
            I("产出指标", "时效指标", "资金支付率", "≥95%", "96%", "5", "4.95", "无",
              (">=", 95, "%"), (96, "%"), 5),                 # 4.95 = 5 - 0.05: not docked; budget_as_indicator
            I("产出指标", "成本指标", "项目总成本", "≤4,450,000元", "4,442,300元", "10.4", "10.4", "无",
              ("<=", 4450000, "元"), (4442300, "元"), 10.4),  # 444.23万元 vs 442.02: 2.21 <= 1% x 442.02 = 4.4202
            I("满意度指标", "服务对象满意度指标", "受助学生满意度", "≥90%", "94%", "10", "10", "无",
              (">=", 90, "%"), (94, "%"), 10),
        ],
        "total": ("100", "99.90", ""),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1] * 7,
        "project": {"name": "2023年家庭经济困难学生资助项目", "department": "宁波市教育局",
                    "implementer": "宁波市学生资助管理中心", "year": 2023, "level": "二级"},
        # 442.02 / 442.00 = 100.0045% (stated 100%: 0.0045 points); 10 x min(1.0000452, 1) = 10
        "budget": {"unit": "万元", "initial_budget": 400, "annual_budget": 442, "executed": 442.02,
                   "execution_rate": 100, "weight": 10, "score": 10},
        "budget_rows": [("年度资金总额", 400, 442, 442.02), ("其中：当年财政拨款", 300, 341.99, 342.02),
                        ("上年结转资金", 100, 100, 100), ("其他资金", None, None, None)],
        # 10 + 39.6 + 10.006 + 5.005 + 9.94 + 4.95 + 10.4 + 10 = 99.901 (stated 99.90: 0.001)
        "total_stated": 99.9,
        "total_recomputed": 100,     # 10 + 39.6 + 10 + 5 + 10 + 5 + 10.4 + 10
        "findings": [
            # subrows: 400 = 300 + 100; 442.00 vs 341.99 + 100 (0.01, not more); 442.02 = 342.02 + 100
            ("budget.over_executed", None),     # 442.02 - 442.00 = 0.02 > 0.01
            ("budget.adjusted", None),          # |400 - 442| = 42 > 10% x 400 = 40
            ("structure.missing_level", None),  # no 效益 indicator
            # 产出 39.6 + 10 + 5 + 10 + 5 + 10.4 = 80 != 50 (效益 absent: missing_level says it; 满意度 10 = 10)
            ("structure.weights_not_standard", None),
            # not dominant: 39.6 / 90 = 44% < 45%. Narrative: 年度预算442.01 vs 442.00 (0.01), 实际支出4,420,200元 =
            # 442.02万元, 预算执行率为99.5% vs 100% (0.5): none more than its limit
            ("score.over_weight", "资助困难学生家庭"),
            ("score.met_but_docked", "资金发放及时率"),
            ("structure.budget_as_indicator", "资金支付率"),
        ],
    },
}
