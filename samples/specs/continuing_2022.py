from _common import I, MONEY_STD, KEYS_STD, COLS_STD, money

# Year one of a continuing project (see continuing-2023, the same project a year later with targets below this
# year's actuals). On its own: every target met, none beaten by 20 %, 满意度 present: only structure.no_cost.
SPEC = {
    "name": "continuing-2022",
    "description": "year one of a continuing project (continuing-2023 is year two): every target met, none beaten by "
                   "20%; on its own only structure.no_cost; WQY Zen Hei, stroked rules",
    "font": "zh",
    "rules": "line",
    "title": ["2022年社区卫生服务中心标准化建设项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年度预算800.00万元，实际支出792.00万元，预算执行率为99%。",
        "二、自评结论",
        "经综合评价，项目自评99.9分，自评等级为优。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2022年度）",
        "unit_line": "单位：万元",
        "project": "2022年社区卫生服务中心标准化建设项目",
        "level": None,
        "department": "漳州市卫生健康委员会",
        "implementer": "漳州市卫生健康委员会",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("800.00", "800.00", "792.00", "10", "99%", "9.9"),
                            [("其中：当年财政拨款", "800.00", "800.00", "792.00"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "ind_cols": COLS_STD,
        "size": 10,
        "indicators": [
            I("产出指标", "数量指标", "标准化建设中心数量", "不少于10个", "11个", "15", "15", "无",
              (">=", 10, "个"), (11, "个"), 15),                       # 11/10 = 1.1
            I("产出指标", "数量指标", "培训医务人员", "不少于1,000人次", "1,100人次", "15", "15", "无",
              (">=", 1000, "人次"), (1100, "人次"), 15),               # 1.1
            I("产出指标", "质量指标", "设备验收合格率", "≥95%", "98%", "10", "10", "无",
              (">=", 95, "%"), (98, "%"), 10),
            I("产出指标", "时效指标", "建设按期完成率", "达到90%", "95%", "10", "10", "无",
              (">=", 90, "%"), (95, "%"), 10),
            I("效益指标", "社会效益指标", "基层首诊率", "不低于60%", "64%", "15", "15", "无",
              (">=", 60, "%"), (64, "%"), 15),                         # 1.0667
            I("效益指标", "社会效益指标", "患者有效投诉次数", "小于等于5次", "5次", "15", "15", "无",
              ("<=", 5, "次"), (5, "次"), 15),                   # met
            I("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "93%", "10", "10", "无",
              (">=", 90, "%"), (93, "%"), 10),
        ],
        "total": ("100", "99.9", "自评等级：优"),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1, 1, 1, 1, 1, 1, 1],  # checked on the rendered page
        "project": {"name": "2022年社区卫生服务中心标准化建设项目", "department": "漳州市卫生健康委员会",
                    "implementer": "漳州市卫生健康委员会", "year": 2022, "level": None},
        # 792 / 800 = 0.99 -> 99%, 10 x 0.99 = 9.90
        "budget": {"unit": "万元", "initial_budget": 800, "annual_budget": 800, "executed": 792,
                   "execution_rate": 99, "weight": 10, "score": 9.9},
        "grade": "优",
        "total_stated": 99.9,        # 9.9 + 90
        "total_recomputed": 99.9,    # 9.90 + 90
        # 2022 without a 二级 成本指标; split 50/30/10 + budget 10 is the standard; narrative 800.00 / 792.00 / 99% / 99.9
        # agree with the table
        "findings": [("structure.no_cost", None)],
    },
}
