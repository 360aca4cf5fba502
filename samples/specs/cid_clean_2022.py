from _common import I, MONEY_STD, KEYS_STD, COLS_NARROW, money

SPEC = {
    "name": "cid-clean-2022",
    "description": "narrow seed-like table (2 chars per line) in the non-embedded CID font STSong-Light, stroked rules; "
                   "every target met, none beaten by 20%, 满意度 present, narrative breakdown adds up: zero findings",
    "font": "cid",
    "rules": "line",
    "creator": "WPS 文字", "producer": "WPS 文字",
    "title": ["南海区2022年家庭医生签约服务项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "2022年家庭医生签约服务项目年初预算860.00万元，全年预算860.00万元，全年执行851.40万元，预算执行率99%。",
        "二、绩效目标完成情况",
        "全区组建签约服务团队 156 个，包含全科医生团队 98 个、中医团队 35 个、公共卫生团队 23 个，合计 156 个。"
        "全年开展重点人群随访服务 25,310 人次，居民健康档案建档率达到 96.8%，签约居民满意度 93%。",
        "三、自评结论",
        "经综合评价，项目自评得分 99.9 分，自评等级为优。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2022年度）",
        "unit_line": "单位：万元",
        "project": "2022年家庭医生签约服务项目",
        "level": None,
        "department": "佛山市南海区卫生健康局",
        "implementer": "佛山市南海区卫生健康局",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("860.00", "860.00", "851.40", "10", "99%", "9.9"),
                            [("其中：当年财政拨款", "860.00", "860.00", "851.40"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "ind_cols": COLS_NARROW,
        "size": 10,
        "indicators": [
            I("产出指标", "数量指标", "签约服务团队数量", "不少于150个", "156个", "15", "15", "无",
              (">=", 150, "个"), (156, "个"), 15),                     # 156/150 = 1.04
            I("产出指标", "数量指标", "重点人群随访服务", "不少于24,000人次", "25,310人次", "15", "15", "无",
              (">=", 24000, "人次"), (25310, "人次"), 15),             # 1.055
            I("产出指标", "质量指标", "居民健康档案建档率", "≥95%", "96.8%", "10", "10", "无",
              (">=", 95, "%"), (96.8, "%"), 10),
            I("产出指标", "时效指标", "随访按时完成率", "达到90%", "92%", "10", "10", "无",
              (">=", 90, "%"), (92, "%"), 10),
            I("效益指标", "社会效益指标", "重点人群签约覆盖率", "不低于60%", "63.5%", "15", "15", "无",
              (">=", 60, "%"), (63.5, "%"), 15),                       # 1.058
            I("效益指标", "社会效益指标", "居民有效投诉次数", "小于等于5次", "5次", "15", "15", "无",
              ("<=", 5, "次"), (5, "次"), 15),                         # met; 5 < 1.2*5
            I("满意度指标", "服务对象满意度指标", "签约居民满意度", "≥90%", "93%", "10", "10", "无",
              (">=", 90, "%"), (93, "%"), 10),
        ],
        "total": ("100", "99.9", ""),
    },
    "expected": {
        "pages": 2,
        "ind_pages": [1, 1, 1, 2, 2, 2, 2],  # checked on the rendered pages
        "project": {"name": "2022年家庭医生签约服务项目", "department": "佛山市南海区卫生健康局",
                    "implementer": "佛山市南海区卫生健康局", "year": 2022, "level": None},
        # 851.40 / 860.00 = 0.99 -> 99%, 10 x 0.99 = 9.90
        "budget": {"unit": "万元", "initial_budget": 860, "annual_budget": 860, "executed": 851.4,
                   "execution_rate": 99, "weight": 10, "score": 9.9},
        "total_stated": 99.9,        # 9.9 + 90
        "total_recomputed": 99.9,    # 9.90 + 90
        # v1.1: 2022 and no 二级 成本指标 -> structure.no_cost (the one finding); split 50/30/10 + budget 10 = standard;
        # narrative 预算执行率99% = table 99%, 自评得分 99.9 分 = stated 99.9
        "findings": [("structure.no_cost", None)],
    },
}
