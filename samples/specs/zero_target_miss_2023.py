from _common import I, MONEY_STD, KEYS_STD, COLS_STD, money

SPEC = {
    "name": "zero-target-miss-2023",
    "description": "a 0起 事故 target NOT met (1起: score 0, self 10 -> overrated, note 无); bare less-is-better 办理时限 "
                   "5天 and 响应时间 0.5小时 (<=, one missed); qualitative 有效提升; no 满意度 block; CID font",
    "font": "cid",
    "rules": "line",
    "title": ["珠海市2023年城镇燃气安全监管项目绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目全年预算180.00万元，全年执行162.00万元，预算执行率90%。",
        "二、绩效目标完成情况",
        "全年开展燃气企业安全检查 126 次，督办隐患整改 236 条。应急抢险平均响应时间为0.6小时。"
        "全年发生燃气安全责任事故1起，已依法依规处理。",
    ],
    "table_new_page": False,
    "form": {
        "year_line": "（2023年度）",
        "unit_line": "单位：万元",
        "project": "2023年城镇燃气安全监管项目",
        "level": None,
        "department": "珠海市住房和城乡建设局",
        "implementer": "珠海市住房和城乡建设局",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("180.00", "180.00", "162.00", "10", "90%", "9"),
                            [("其中：当年财政拨款", "180.00", "180.00", "162.00"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "ind_cols": COLS_STD,
        "size": 10,
        "indicators": [
            I("产出指标", "数量指标", "燃气企业安全检查", "不少于120次", "126次", "15", "15", "无",
              (">=", 120, "次"), (126, "次"), 15),
            I("产出指标", "数量指标", "隐患整改督办", "不少于200条", "236条", "10", "10", "无",
              (">=", 200, "条"), (236, "条"), 10),                # 1.18
            I("产出指标", "时效指标", "投诉办理时限", "5天", "4.5天", "10", "10", "无",
              ("<=", 5, "天"), (4.5, "天"), 10),                  # bare, 时限 -> <=; 5 < 5.4
            I("产出指标", "时效指标", "应急抢险平均响应时间", "0.5小时", "0.6小时", "15", "12.5",
              "部分郊区站点路程较远。下一步增设应急抢修驻点。", ("<=", 0.5, "小时"), (0.6, "小时"), 12.5),  # 15 x 0.5/0.6
            I("效益指标", "社会效益指标", "燃气安全责任事故", "0起", "1起", "20", "10", "无",
              ("<=", 0, "起"), (1, "起"), 0),                     # zero target missed: 0
            I("效益指标", "社会效益指标", "燃气安全宣传覆盖面", "有效提升", "有效提升", "20", "18", "无",
              None, None, 18),
        ],
        "total": ("100", "84.50", ""),
    },
    "expected": {
        "pages": 1,
        "ind_pages": [1, 1, 1, 1, 1, 1],  # checked on the rendered pages
        "project": {"name": "2023年城镇燃气安全监管项目", "department": "珠海市住房和城乡建设局",
                    "implementer": "珠海市住房和城乡建设局", "year": 2023, "level": None},
        "budget": {"unit": "万元", "initial_budget": 180, "annual_budget": 180, "executed": 162,
                   "execution_rate": 90, "weight": 10, "score": 9},
        "total_stated": 84.5,        # 9 + 47.5 + 28
        "total_recomputed": 74.5,    # 9.00 + 47.5 + 0 + 18
        "findings": [
            ("structure.no_satisfaction", None),
            # v1.1: 2023, no 二级 成本指标 -> no_cost; 效益 20+20 = 40 != 30 -> weights_not_standard;
            # 燃气安全宣传覆盖面 self 18 < 20 - 0.05 with note 无 and no deviation.unexplained -> docked_unexplained
            # (应急抢险平均响应时间 is docked with a note; 燃气安全责任事故 already has deviation.unexplained)
            ("structure.no_cost", None), ("structure.weights_not_standard", None),
            ("target.not_achieved", "应急抢险平均响应时间"),
            ("score.overrated", "燃气安全责任事故"), ("target.not_achieved", "燃气安全责任事故"),
            ("deviation.unexplained", "燃气安全责任事故"),
            ("indicator.not_quantified", "燃气安全宣传覆盖面"), ("score.docked_unexplained", "燃气安全宣传覆盖面"),
        ],
    },
}
