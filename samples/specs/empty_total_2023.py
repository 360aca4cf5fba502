"""operators-2023's report with its 年度资金总额 row printed empty in the amount and rate columns (分值 and 得分 kept)
while the sub-rows hold the money: the total row is read as printed (no budget amounts, no rate), never filled from the
sub-rows; budget.rows keeps every row. The budget rules cannot be computed and do not fire; the total is recomputed
with the stated budget score (contract). The rest of the expectations are operators-2023's, written out by hand there."""
import copy

from operators_2023 import SPEC as BASE

SPEC = copy.deepcopy(BASE)
SPEC["name"] = "empty-total-2023"
SPEC["description"] = ("operators-2023 with the 年度资金总额 row printed empty in its amount and rate cells while the "
                       "sub-rows hold the money")
f = SPEC["form"]
f["money_rows"] = [("年度资金总额", "", "", "", "", "10", "9.8")] + f["money_rows"][1:]
exp = SPEC["expected"]
exp["budget"] = {"unit": "万元", "initial_budget": None, "annual_budget": None, "executed": None,
                 "execution_rate": None, "weight": 10, "score": 9.8}
exp["budget_rows"] = [("年度资金总额", None, None, None), ("其中：当年财政拨款", 450, 480, 470.4),
                      ("上年结转资金", 0, 0, 0), ("其他资金", 0, 0, 0)]
# total recomputed: the stated budget score 9.8 (none can be computed) + 89.85 = 99.65, as in operators-2023
