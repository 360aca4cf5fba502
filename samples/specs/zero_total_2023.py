"""operators-2023's report with its 年度资金总额 row printed all zeros (0.00 in the three amounts, 0% as the rate; 权重
and 得分 kept) while the sub-rows hold the money: the row is read as printed, zeros as zeros, never filled from the
sub-rows; budget.rows keeps every row. With a zero budget the execution rate and the budget score cannot be recomputed
(0 / 0), so the budget rules do not fire and the total is recomputed with the stated budget score (contract). The rest
of the expectations are operators-2023's, written out by hand there."""
import copy

from operators_2023 import SPEC as BASE

SPEC = copy.deepcopy(BASE)
SPEC["name"] = "zero-total-2023"
SPEC["description"] = ("operators-2023 with the 年度资金总额 row printed all zeros (0.00 amounts, 0% rate) while the "
                       "sub-rows hold the money")
f = SPEC["form"]
f["money_rows"] = [("年度资金总额", "0.00", "0.00", "0.00", "0%", "10", "9.8")] + f["money_rows"][1:]
exp = SPEC["expected"]
exp["budget"] = {"unit": "万元", "initial_budget": 0, "annual_budget": 0, "executed": 0,
                 "execution_rate": 0, "weight": 10, "score": 9.8}
exp["budget_rows"] = [("年度资金总额", 0, 0, 0), ("其中：当年财政拨款", 450, 480, 470.4),
                      ("上年结转资金", 0, 0, 0), ("其他资金", 0, 0, 0)]
# total recomputed: the stated budget score 9.8 (none can be computed) + 89.85 = 99.65, as in operators-2023
# v1.1: the total row's zeros against the sub-rows: 0 != 450 + 0 + 0 (年初), 0 != 480 (全年), 0 != 470.40 (执行), one
# budget.subrows_mismatch per column; the narrative's 调整后预算480.00万元, 全年执行470.40万元 and 预算执行率98% against
# the printed 0, 0 and 0% -> narrative.table_mismatch for each of the three quantities (the table as printed). 0 / 0 gives no rate, so low_execution_full_marks cannot be computed; 0 = 0 is not adjusted
# (initial must be > 0) nor over-executed. Then operators-2023's indicator findings.
exp["findings"] = [("budget.subrows_mismatch", None), ("budget.subrows_mismatch", None),
                   ("budget.subrows_mismatch", None), ("narrative.table_mismatch", None),
                   ("narrative.table_mismatch", None), ("narrative.table_mismatch", None),
                   ("target.not_achieved", "科学健身指导培训"), ("target.too_low", "器材损坏报修处理时间")]
