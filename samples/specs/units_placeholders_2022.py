from _common import I, MONEY_STD, KEYS_STD, COLS_STD, money


def T(l1, l2, name, t="", a="", w="", s="", note=""):
    """A template row left in the form (指标2: / ……): printed, not an indicator."""
    return {"l1": l1, "l2": l2, "name": name, "t": t, "a": a, "w": w, "s": s, "note": note, "tpl": True}


# v1.1 indicator-level rules: an actual in 万条 against a target in 亿条 (converted: 98,000万条 = 9.8亿条 < 10亿条), an
# actual 完成 against a numeric target, a blank actual, 个 against % (cannot be converted), a 率 target of 105%, a
# placeholder left in a note, a note 0 (not a v1 note word: docked_unexplained instead of deviation.unexplained), the
# template rows 指标2: (empty: nothing) and …… (placeholder), goal texts copied word for word (10 characters);
# execution exactly 80% with the 产出 self scores at 98.6% of their weights (no low_execution_full_marks).
SPEC = {
    "name": "units-placeholders-2022",
    "description": "v1.1 indicator rules: 98,000万条 against 不少于10亿条 (converted: not achieved), 完成 against 不少于12个, "
                   "a blank actual, 个 vs % (unit_mismatch), ≥105% on a 率, a placeholder note, a note '0', template "
                   "rows 指标2: (nothing) and …… (placeholder), goal texts copied (10 characters), execution exactly 80% "
                   "with 产出 at 98.6% (no low_execution_full_marks); AR PL UMing, stroked rules",
    "font": "um",
    "rules": "line",
    "title": ["泉州市2022年政务数据共享平台升级改造项目", "绩效自评报告"],
    "narrative": [
        "一、项目基本情况",
        "项目年度预算680.00万元，实际支出544.00万元，预算执行率为80%。",
        "二、绩效目标完成情况",
        "全年汇聚各部门数据9.8亿条，完成系统功能模块开发，接入政务部门42个。",
    ],
    "table_new_page": True,
    "form": {
        "year_line": "（2022年度）",
        "unit_line": "单位：万元",
        "project": "2022年政务数据共享平台升级改造项目",
        "level": None,
        "department": "泉州市数据管理局",
        "implementer": "泉州市大数据中心",
        "money_label": "项目资金（万元）",
        "money_header": MONEY_STD,
        "money_keys": KEYS_STD,
        "money_rows": money("年度资金总额", ("680.00", "680.00", "544.00", "10", "80%", "8"),
                            [("其中：当年财政拨款", "680.00", "680.00", "544.00"), ("上年结转资金", "0.00", "0.00", "0.00"),
                             ("其他资金", "0.00", "0.00", "0.00")]),
        "goals": ("年度总体目标", "预期目标", "实际完成情况", "完成平台升级改造任务。", "完成平台升级改造任务"),
        "goals_widths": [54, 223, 223],
        "ind_cols": COLS_STD,
        "size": 9,
        "indicators": [
            I("产出指标", "数量指标", "汇聚数据量", "不少于10亿条", "98,000万条", "10", "9.8", "部分部门数据延迟接入。",
              (">=", 10, "亿条"), (98000, "万条"), 9.8),        # 98,000万条 = 9.8亿条: 10 x 9.8/10 = 9.8, not achieved
            I("产出指标", "数量指标", "系统功能模块开发", "不少于12个", "完成", "10", "10", "无",
              (">=", 12, "个"), None, 10),                     # no number in the actual: unverifiable, r = S
            I("产出指标", "数量指标", "数据目录编制数量", "不少于800条", "", "10", "10", "无",
              (">=", 800, "条"), None, 10),                    # blank actual: missing_value only, r = S
            I("产出指标", "数量指标", "接入部门数量", "不少于40个", "42%", "10", "10", "无",
              (">=", 40, "个"), (42, "%"), 10),                # 个 vs %: unit_mismatch (42 vs 40: met either way)
            T("产出指标", "数量指标", "指标2:"),                # empty template row: no finding
            I("产出指标", "质量指标", "数据共享接口调用成功率", "≥105%", "99.8%", "10", "9.5",
              "目标值超过100%。下年度调整。", (">=", 105, "%"), (99.8, "%"), 9.5),  # 10 x 99.8/105 = 9.5048 -> 9.50
            T("产出指标", "质量指标", "……", "……", "……", "……", "……", "……"),   # template row of ellipses
            I("效益指标", "社会效益指标", "数据共享服务部门数", "不少于30个", "33个", "10", "10", "无",
              (">=", 30, "个"), (33, "个"), 10),               # 1.1
            I("效益指标", "社会效益指标", "政务服务事项网办率", "≥90%", "92%", "10", "9.9", "结合自评情况填写",
              (">=", 90, "%"), (92, "%"), 10),                 # met, 9.9 < 9.95, placeholder note: met_but_docked
            I("效益指标", "可持续影响指标", "数据共享机制", "逐步健全", "基本健全", "10", "9.94", "0",
              None, None, 9.94),                               # 9.94 < 9.95, note 0: docked_unexplained
            I("满意度指标", "服务对象满意度指标", "使用部门满意度", "≥90%", "92%", "10", "10", "无",
              (">=", 90, "%"), (92, "%"), 10),
        ],
        "total": ("100", "97.14", ""),
    },
    "expected": {
        "pages": 2,
        "ind_pages": [2] * 9,   # the narrative on page 1, the form on page 2
        "project": {"name": "2022年政务数据共享平台升级改造项目", "department": "泉州市数据管理局",
                    "implementer": "泉州市大数据中心", "year": 2022, "level": None},
        # 544 / 680 = 0.8 -> 80% exactly; 10 x 0.8 = 8
        "budget": {"unit": "万元", "initial_budget": 680, "annual_budget": 680, "executed": 544,
                   "execution_rate": 80, "weight": 10, "score": 8},
        "total_stated": 97.14,       # 8 + (9.8 + 10 + 10 + 10 + 9.5) + (10 + 9.9 + 9.94) + 10
        "total_recomputed": 97.24,   # 8 + 49.3 + (10 + 10 + 9.94) + 10
        "findings": [
            # rate 80% is not < 80% (产出 49.3 of 50 = 98.6%): no low_execution_full_marks
            ("structure.no_cost", None),            # 2022, no 二级 成本指标; split 50/30/10 + 10 standard
            ("text.placeholder_left", None),        # the …… template row (指标2: holds no template text)
            ("text.goal_copied", None),             # 完成平台升级改造任务 = 10 characters, the same in both
            ("target.not_achieved", "汇聚数据量"),   # note given
            ("indicator.unverifiable_actual", "系统功能模块开发"),
            ("indicator.missing_value", "数据目录编制数量"),
            ("indicator.unit_mismatch", "接入部门数量"),
            ("target.not_achieved", "数据共享接口调用成功率"), ("indicator.impossible_target", "数据共享接口调用成功率"),
            ("score.met_but_docked", "政务服务事项网办率"), ("text.placeholder_left", "政务服务事项网办率"),
            ("indicator.not_quantified", "数据共享机制"), ("score.docked_unexplained", "数据共享机制"),
        ],
    },
}
