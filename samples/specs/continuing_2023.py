from _common import I, MONEY_STD, KEYS_STD, COLS_STD, money

# Year two of continuing-2022's project: four ">=" targets are below what 2022 achieved (10个 < 11个, 1,000人次 <
# 1,100人次, 60% < 64%, 90% < 93%), two are not (98% = 98%, 96% > 95%) and one is a ceiling (≤5次). On its own
# only structure.no_cost: target.ratchet needs the earlier year, in the same batch or the register.
SPEC = {
    "name": "continuing-2023",
    "description": "year two of continuing-2022's project: four ≥ targets below 2022's actuals (target.ratchet in a "
                   "batch with continuing-2022), one equal, one above, one ceiling; on its own only structure.no_cost; "
                   "WQY Zen Hei, stroked rules",
    "font": "zh",
    "rules": "line",
    "title": ["2023年社区卫生服务中心标准化建设项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年度预算900.00万元，实际支出891.00万元，预算执行率为99%。",
        "二、自评结论",
        "经综合评价，项目自评99.9分，自评等级为优。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2023年度）",
        "unit_line": "单位：万元",
        "project": "2023年社区卫生服务中心标准化建设项目",
        "level": None,
        "department": "漳州市卫生健康委员会",
        "implementer": "漳州市卫生健康委员会",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("900.00", "900.00", "891.00", "10", "99%", "9.9"),
                            [("其中：当年财政拨款", "900.00", "900.00", "891.00"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "ind_cols": COLS_STD,
        "size": 10,
        "indicators": [
            I("产出指标", "数量指标", "标准化建设中心数量", "不少于10个", "11个", "15", "15", "无",
              (">=", 10, "个"), (11, "个"), 15),                       # 1.1; 10 < 2022's 11: ratchet
            I("产出指标", "数量指标", "培训医务人员", "不少于1,000人次", "1,080人次", "15", "15", "无",
              (">=", 1000, "人次"), (1080, "人次"), 15),               # 1.08; 1,000 < 1,100: ratchet
            I("产出指标", "质量指标", "设备验收合格率", "≥98%", "99%", "10", "10", "无",
              (">=", 98, "%"), (99, "%"), 10),                         # 98 = 2022's 98: not below
            I("产出指标", "时效指标", "建设按期完成率", "达到96%", "97%", "10", "10", "无",
              (">=", 96, "%"), (97, "%"), 10),                         # 96 > 95
            I("效益指标", "社会效益指标", "基层首诊率", "不低于60%", "65%", "15", "15", "无",
              (">=", 60, "%"), (65, "%"), 15),                         # 1.0833; 60 < 64: ratchet
            I("效益指标", "社会效益指标", "患者有效投诉次数", "小于等于5次", "5次", "15", "15", "无",
              ("<=", 5, "次"), (5, "次"), 15),                   # a ceiling: never a ratchet
            I("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "94%", "10", "10", "无",
              (">=", 90, "%"), (94, "%"), 10),                         # 90 < 93: ratchet
        ],
        "total": ("100", "99.9", "自评等级：优"),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1, 1, 1, 1, 1, 1, 1],  # checked on the rendered page
        "project": {"name": "2023年社区卫生服务中心标准化建设项目", "department": "漳州市卫生健康委员会",
                    "implementer": "漳州市卫生健康委员会", "year": 2023, "level": None},
        # 891 / 900 = 0.99 -> 99%, 10 x 0.99 = 9.90
        "budget": {"unit": "万元", "initial_budget": 900, "annual_budget": 900, "executed": 891,
                   "execution_rate": 99, "weight": 10, "score": 9.9},
        "grade": "优",
        "total_stated": 99.9,        # 9.9 + 90
        "total_recomputed": 99.9,    # 9.90 + 90
        # 2023 without a 二级 成本指标; split standard; narrative agrees with the table
        "findings": [("structure.no_cost", None)],
    },
}
