from _common import I, MONEY_ADJ, KEYS_ADJ, COLS_STD, money

SPEC = {
    "name": "no-satisfaction-2022",
    "description": "no 满意度 indicator (产出 60 + 效益 30), everything else clean: only structure.no_satisfaction; money "
                   "header 年初预算|调整后预算数|预算执行数|预算执行率|权重|得分 with 年初 800 != 调整后 760; bare 兑付时限 "
                   "(<=); AR PL UMing, stroked rules",
    "font": "um",
    "rules": "line",
    "title": ["青岛市2022年中小企业数字化转型服务券项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年初预算800.00万元，调整后预算760.00万元，预算执行752.40万元，预算执行率99%。",
        "二、绩效目标完成情况",
        "全年向 512 家中小企业发放服务券，入库服务商 41 个，服务券核销率 94%，带动企业数字化投入 5,600 万元。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2022年度）",
        "unit_line": "单位：万元",
        "project": "2022年中小企业数字化转型服务券项目",
        "level": None,
        "department": "青岛市工业和信息化局",
        "implementer": "青岛市中小企业服务中心",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_ADJ,
        "money_keys": KEYS_ADJ,
        "money_rows": money("年度资金总额", ("800.00", "760.00", "752.40", "99%", "10", "9.9"),
                            [("其中：当年财政拨款", "800.00", "760.00", "752.40"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "ind_cols": COLS_STD,
        "size": 10,
        "indicators": [
            I("产出指标", "数量指标", "发放服务券企业数量", "不少于500个", "512个", "20", "20", "无",
              (">=", 500, "个"), (512, "个"), 20),
            I("产出指标", "数量指标", "服务商入库数量", "不少于40个", "41个", "15", "15", "无",
              (">=", 40, "个"), (41, "个"), 15),
            I("产出指标", "质量指标", "服务券核销率", "≥90%", "94%", "15", "15", "无",
              (">=", 90, "%"), (94, "%"), 15),
            I("产出指标", "时效指标", "服务券兑付时限", "15天", "14天", "10", "10", "无",
              ("<=", 15, "天"), (14, "天"), 10),                  # bare, 时限 -> <=; 15 < 16.8
            I("效益指标", "经济效益指标", "带动企业数字化投入", "不少于5,000万元", "5,600万元", "15", "15", "无",
              (">=", 5000, "万元"), (5600, "万元"), 15),          # 1.12
            I("效益指标", "社会效益指标", "企业上云用云数量", "不少于300个", "330个", "15", "15", "无",
              (">=", 300, "个"), (330, "个"), 15),                # 1.1
        ],
        "total": ("100", "99.90", ""),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1, 1, 1, 1, 1, 1],  # checked on the rendered pages
        "project": {"name": "2022年中小企业数字化转型服务券项目", "department": "青岛市工业和信息化局",
                    "implementer": "青岛市中小企业服务中心", "year": 2022, "level": None},
        # 752.40 / 760 = 99%; 9.90
        "budget": {"unit": "万元", "initial_budget": 800, "annual_budget": 760, "executed": 752.4,
                   "execution_rate": 99, "weight": 10, "score": 9.9},
        "total_stated": 99.9,
        "total_recomputed": 99.9,
        # v1.1: 2022, no 二级 成本指标 -> no_cost; 产出 20+15+15+10 = 60 != 50 -> weights_not_standard (满意度 absent:
        # not compared); 800 -> 760 is 5% (not adjusted); narrative 预算执行率99% = table 99%
        "findings": [("structure.no_satisfaction", None), ("structure.no_cost", None),
                     ("structure.weights_not_standard", None)],
    },
}
