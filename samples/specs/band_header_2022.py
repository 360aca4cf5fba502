"""html-chromium-2022's report printed as another region's form: a two-row header band (绩效指标 over 一级 / 二级 /
三级; 分值（分） placed before 年度指标值(A); 实际完成值(B), 得分, a 复核分 column and the note spanning both rows),
一级 labels printing their points, 二级 labels without the word 指标, the grade after 自评等级 in the 总分 row. The
values, findings and recomputation are html-chromium-2022's (written out by hand there); only the form differs."""
import copy
from fractions import Fraction

from html_chromium_2022 import SPEC as BASE

SPEC = copy.deepcopy(BASE)
SPEC["name"] = "band-header-2022"
SPEC["description"] = ("html-chromium-2022's values in another region's form: a two-row header band (绩效指标 over the "
                       "three levels, 分值（分） before 年度指标值(A), a 复核分 column), 一级 labels with their points, "
                       "二级 labels without 指标, 自评等级：优 in the 总分 row, the 年度总体目标 texts")
f = SPEC["form"]
# The points of each 一级 label: the sum of its indicators' weights as printed.
points = {}
for ind in f["indicators"]:
    points[ind["l1"]] = points.get(ind["l1"], Fraction(0)) + Fraction(ind["w"])
for ind in f["indicators"]:
    ind["l1"] = "%s(%s分)" % (ind["l1"], points[ind["l1"]])
    if ind["l2"].endswith("指标"):
        ind["l2"] = ind["l2"][:-2]
    ind["review"] = ind["s"]  # 复核分: the reviewer agreed (the reader does not read this column)
f["ind_cols"] = [("l1", "一级指标", 8), ("l2", "二级指标", 7), ("name", "三级指标", 21), ("w", "分值（分）", 6),
                 ("t", "年度指标值(A)", 12), ("a", "实际完成值(B)", 10), ("s", "得分", 6), ("review", "复核分", 6),
                 ("note", "偏差原因分析及改进措施", 24)]
f["html_ind_header"] = [
    [("绩效指标", 3, 1), ("分值（分）", 1, 2), ("年度指标值(A)", 1, 2), ("实际完成值(B)", 1, 2), ("得分", 1, 2),
     ("复核分", 1, 2), ("偏差原因分析及改进措施", 1, 2)],
    [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1)],
]
tw, ts, _ = f["total"]
f["html_total"] = [("总分", 3), (tw, 1), ("", 1), ("", 1), (ts, 1), (ts, 1), ("自评等级：优", 1)]
exp = SPEC["expected"]
exp["level_points"] = True
exp["grade"] = "优"
exp["goal"] = {
    "expected": "保障数字化城市管理平台全年稳定运行,完成全市33个镇街城市管理案件信息采集、视频监控点位接入和业务培训,"
                "提升城市精细化管理水平。",
    "actual": "平台全年稳定运行,覆盖全市33个镇街,采集案件信息59,400条,接入视频监控点位1,428个,开展业务培训14次,"
              "案件按期结案率93%,节约人工巡查成本58万元。",
}
