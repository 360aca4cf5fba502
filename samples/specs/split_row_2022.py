"""A Word-like form whose indicator row breaks across the page (Word's "allow row to break across pages", on by
default): the row of 学生自愿参与营养餐比率 keeps two lines of each cell on page 2 and goes on at the top of page 3 with the
rest of its name and of its 二级 label (社会效益指标, which starts on that row), while its target, actual, weight and
score sit whole on page 2. The 一级 label 效益指标 is a merged cell cut by the same break. The row is one indicator, read
whole; the expectations are written by hand below."""
from _common import I, MONEY_STD, KEYS_STD, money

# narrow name and level columns: two or three characters per line, so that names and labels wrap
COLS = [("l1", "一级指标", 34), ("l2", "二级指标", 34), ("name", "三级指标", 46), ("t", "年度指标值", 46),
        ("a", "实际完成值", 58), ("w", "分值", 40), ("s", "得分", 40), ("note", "偏差原因分析及改进措施", 202)]

SPEC = {
    "name": "split-row-2022",
    "description": "an indicator row broken across the page with its name and 二级 label continued at the top "
                   "of the next page (Word-like ruling, WQY Zen Hei); a merged 一级 label cut by the same break",
    "font": "zh",
    "rules": "rect",
    "title": ["湘潭市2022年城乡义务教育学生营养改善计划项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目全年预算1,260.00万元，全年执行1,247.40万元，预算执行率99.0%。",
        "二、绩效目标完成情况",
        "全年惠及农村义务教育学生 42,600 人，供餐学校 186 所，学生自愿参与率 97.5%，家长满意度 93%。",
    ],
    "form": {
        "year_line": "（2022年度）",
        "unit_line": "单位：万元",
        "project": "2022年城乡义务教育学生营养改善计划项目",
        "level": None,
        "department": "湘潭市教育局",
        "implementer": "湘潭市学生资助管理中心",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("1,260.00", "1,260.00", "1,247.40", "10", "99%", "9.9"),
                            [("其中：当年财政拨款", "1,260.00", "1,260.00", "1,247.40"),
                             ("上年结转资金", "0.00", "0.00", "0.00"), ("其他资金", "0.00", "0.00", "0.00")]),
        "ind_cols": COLS,
        "size": 10,
        "min_row": 40,
        "split_ind": 4,
        "split_lines": 2,
        "indicators": [
            I("产出指标", "数量指标", "受益学生人数", "不少于42,000人", "42,600人", "15", "15", "无",
              (">=", 42000, "人"), (42600, "人"), 15),
            I("产出指标", "数量指标", "供餐学校数量", "不少于180所", "186所", "15", "15", "无",
              (">=", 180, "所"), (186, "所"), 15),
            I("产出指标", "质量指标", "食品安全事故发生数", "0起", "0起", "10", "10", "无",
              ("<=", 0, "起"), (0, "起"), 10),
            I("产出指标", "时效指标", "补助资金拨付及时率", "100%", "100%", "10", "10", "无",
              (">=", 100, "%"), (100, "%"), 10),
            I("效益指标", "社会效益指标", "学生自愿参与营养餐比率", "不低于95%", "97.5%", "15", "15", "无",
              (">=", 95, "%"), (97.5, "%"), 15),
            I("效益指标", "可持续影响指标", "学生营养健康状况", "持续改善", "持续改善", "15", "15", "无",
              None, None, 15),
            I("满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "93%", "10", "10", "无",
              (">=", 90, "%"), (93, "%"), 10),
        ],
        "total": ("100", "99.9", ""),
    },
    "expected": {
        "pages": 3,
        "ind_pages": [2, 2, 2, 2, 2, 3, 3],  # checked on the rendered pages
        "project": {"name": "2022年城乡义务教育学生营养改善计划项目", "department": "湘潭市教育局",
                    "implementer": "湘潭市学生资助管理中心", "year": 2022, "level": None},
        # 1247.40 / 1260 = 99.0%; 10 x 0.99 = 9.9
        "budget": {"unit": "万元", "initial_budget": 1260, "annual_budget": 1260, "executed": 1247.4,
                   "execution_rate": 99, "weight": 10, "score": 9.9},
        "total_stated": 99.9,        # 9.9 + 50 + 30 + 10
        "total_recomputed": 99.9,
        "findings": [
            # v1.1: 2022, no 二级 成本指标 -> no_cost; split standard; narrative 预算执行率99% = table 99%;
            # 学生营养健康状况 is qualitative at full marks (not docked)
            ("structure.no_cost", None),
            ("indicator.not_quantified", "学生营养健康状况"),
        ],
    },
}
