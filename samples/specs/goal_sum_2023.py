"""repeat-header-2023's report with two changes: its 实际完成情况 goal text states a breakdown whose parts do not add
up (开展志愿服务活动 35 场 = 12 场 + 10 场 + 8 场 is 30: narrative.sum_mismatch on the goal cell, about the indicator
the sentence before names, 举办公益讲座展览活动), and the form's year is in its title (2023年度项目支出绩效自评表) with a 填报日期 of 2024 under it. The
rest of the expectations are repeat-header-2023's, written out by hand there."""
import copy

from repeat_header_2023 import SPEC as BASE

SPEC = copy.deepcopy(BASE)
SPEC["name"] = "goal-sum-2023"
SPEC["description"] = ("repeat-header-2023 with a breakdown that does not add up in the 实际完成情况 goal text, the year "
                       "in the form's title and a 填报日期 of the next year")
f = SPEC["form"]
lab, h1, h2, t1, t2 = f["goals"]
f["goals"] = (lab, h1, h2, t1, t2 + "开展志愿服务活动35场，包含进社区12场、进学校10场、进企业8场，合计35场。")
f["form_title"] = "2023年度项目支出绩效自评表"
f["year_line"] = "填报日期：2024年3月15日"
exp = SPEC["expected"]
exp["findings"] = exp["findings"] + [("narrative.sum_mismatch", "举办公益讲座展览活动")]
exp["goal"] = {
    "expected": "保障图书馆全年免费开放,年接待读者不少于80万人次,举办公益讲座展览活动不少于120次,更新数字资源不少于5万条,"
                "推动全民阅读,提升公共文化服务水平。",
    "actual": "全年免费开放,接待读者836,500人次,举办公益讲座展览活动132次,更新数字资源52,300条,全民阅读推广覆盖98,000人次,"
              "读者满意度96%。开展志愿服务活动35场,包含进社区12场、进学校10场、进企业8场,合计35场。",
}
exp["ind_pages"] = [2] * 12  # the longer goal text pushes the first indicator row to page 2 (checked on the render)
