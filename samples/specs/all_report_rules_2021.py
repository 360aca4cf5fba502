from _common import I, MONEY_STD, KEYS_STD, COLS_STD, money

SPEC = {
    "name": "all-report-rules-2021",
    "description": "every report-level rule fires: rate 81.67% computed against 年初 600 instead of 全年 560 (87.5%), "
                   "budget score 10 instead of 8.75, weights sum to 92, stated total 95 vs 92; plus too_low at exactly "
                   "120% with 无, an over-scored miss with —, a beaten <= target with a note; WQY Zen Hei, stroked rules",
    "font": "zh",
    "rules": "line",
    "title": ["湖州市2021年农村生活污水治理设施运维项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年初预算600.00万元，年中调减40.00万元，全年预算560.00万元，全年执行490.00万元。",
        "二、绩效目标完成情况",
        "全年完成农村生活污水治理设施运维站点 180 个，开展水质检测 540 次，出水水质达标率 92%，村民满意度 88%。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2021年度）",
        "unit_line": "单位：万元",
        "project": "2021年农村生活污水治理设施运维项目",
        "level": "一级□ 二级☑",
        "department": "湖州市生态环境局",
        "implementer": "湖州市生态环境局吴兴分局",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("600.00", "560.00", "490.00", "10", "81.67%", "10"),
                            [("其中：当年财政拨款", "600.00", "560.00", "490.00"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "ind_cols": COLS_STD,
        "size": 10,
        "indicators": [
            I("产出指标", "数量指标", "运维站点数量", "不少于150个", "180个", "20", "20", "无",
              (">=", 150, "个"), (180, "个"), 20),                # exactly 120%: too_low
            I("产出指标", "数量指标", "水质检测次数", "不少于600次", "540次", "20", "20", "—",
              (">=", 600, "次"), (540, "次"), 18),                # 20 x 0.9 = 18; self 20
            I("产出指标", "质量指标", "出水水质达标率", "≥90%", "92%", "10", "10", "无",
              (">=", 90, "%"), (92, "%"), 10),
            I("效益指标", "生态效益指标", "农村生活污水治理率", "≥85%", "86%", "15", "15", "无",
              (">=", 85, "%"), (86, "%"), 15),
            I("效益指标", "社会效益指标", "群众投诉次数", "不超过10次", "4次", "12", "12",
              "加强日常巡查、投诉明显减少。", ("<=", 10, "次"), (4, "次"), 12),  # 10 >= 4.8: too_low
            I("满意度指标", "服务对象满意度指标", "村民满意度", "≥85%", "88%", "5", "5", "无",
              (">=", 85, "%"), (88, "%"), 5),
        ],
        "total": ("100", "95.00", ""),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1, 1, 1, 1, 1, 1],  # checked on the rendered pages
        "project": {"name": "2021年农村生活污水治理设施运维项目", "department": "湖州市生态环境局",
                    "implementer": "湖州市生态环境局吴兴分局", "year": 2021, "level": "二级"},
        # 490 / 560 = 87.5% (stated 81.67 = 490/600); score should be 8.75, stated 10
        "budget": {"unit": "万元", "initial_budget": 600, "annual_budget": 560, "executed": 490,
                   "execution_rate": 81.67, "weight": 10, "score": 10},
        "total_stated": 95.0,        # 10 + 82 = 92 is what the scores add up to
        "total_recomputed": 88.75,   # 8.75 + 20 + 18 + 10 + 15 + 12 + 5
        "findings": [
            ("budget.rate_mismatch", None), ("budget.score_mismatch", None), ("score.weight_sum", None),
            ("score.total_mismatch", None),
            # v1.1: 2021 and no 二级 成本指标 -> no_cost; 效益 15+12 = 27 != 30, 满意度 5 != 10 -> weights_not_standard;
            # subrows 600 = 600+0+0, 560, 490 add up; 600 -> 560 is 6.7% (not adjusted); rate 87.5% (>= 80%);
            # largest weight 20 of 82 = 24% (< 45%); the narrative states 全年预算 / 全年执行 (not the rule's words)
            ("structure.no_cost", None), ("structure.weights_not_standard", None),
            ("target.too_low", "运维站点数量"), ("deviation.unexplained", "运维站点数量"),
            ("score.overrated", "水质检测次数"), ("target.not_achieved", "水质检测次数"),
            ("deviation.unexplained", "水质检测次数"),
            ("target.too_low", "群众投诉次数"),
        ],
    },
}
