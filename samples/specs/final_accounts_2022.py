"""A department's 决算 publication as one PDF: narrative, twelve budget tables (收入支出决算总表 …), the 决算 explanation,
a 部门整体支出绩效自评表 (not a project, named in warnings), eleven project self-evaluation tables of other samples
(some continued over two or three pages, one repeating its header, the replica's running over six), and two
绩效目标申报表 (targets without actuals: not projects), one between them and one, of another year, after the last
project (whose year is the one above its own table). Each project's expectations are its own sample's, written out by
hand there."""


def money_rows(seed, n):
    """n budget-table lines (项目, 金额) with amounts that vary deterministically with the seed."""
    items = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
             "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "一般公共服务支出", "公共安全支出", "教育支出",
             "科学技术支出", "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出",
             "城乡社区支出", "农林水支出", "交通运输支出", "住房保障支出", "灾害防治及应急管理支出", "其他支出"]
    out = []
    for k in range(n):
        v = (seed * 7919 + k * 104729) % 900000 / 100 + 10
        out.append((items[(seed + k) % len(items)], "{:,.2f}".format(v)))
    return out


TABLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款“三公”经费支出决算表",
          "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表", "一般公共预算财政拨款项目支出决算表",
          "财政专户管理资金收入支出决算表", "部门决算相关信息统计表"]

OVERVIEW = [
    "第一部分 部门概况",
    "一、主要职能",
    "贯彻执行国家和省、市有关城市管理和综合执法的法律、法规、规章和政策，拟订本区城市管理和综合执法的工作计划并组织实施；"
    "负责市容环境卫生、城市照明、户外广告设施和招牌设置的管理工作；负责生活垃圾分类处理的统筹协调和监督管理；"
    "负责城市管理领域的行政执法工作，查处违法建设、占道经营等违法行为。",
    "二、机构设置",
    "本部门内设办公室、财务审计科、市容环境卫生管理科、综合执法科、垃圾分类管理科等科室，下属执法中队和环卫所等单位。"
    "纳入本部门2022年度部门决算编制范围的单位共有3个，均为行政单位及参照公务员法管理的事业单位。",
    "三、年度主要工作",
    "2022年，本部门围绕城市精细化管理目标，持续推进环境卫生整治、生活垃圾分类、违法建设治理和户外广告规范管理，"
    "城市面貌明显改善。全年开展市容环境专项整治行动，清理卫生死角，完成重点路段景观提升，推进智慧城管平台建设。",
]
EXPLANATION = [
    "第三部分 2022年度部门决算情况说明",
    "一、收入支出决算总体情况说明",
    "2022年度收入总计与支出总计均较上年有所增加，主要是生活垃圾分类处理和城市环境提升项目资金增加。本年收入主要为"
    "一般公共预算财政拨款收入，本年支出主要用于城乡社区支出、一般公共服务支出和社会保障和就业支出。",
    "二、财政拨款收入支出决算总体情况说明",
    "财政拨款收入支出决算总体与上年相比有所增长，主要用于保障机构正常运转和完成城市管理、环境卫生等重点工作任务。",
    "三、一般公共预算财政拨款支出决算情况说明",
    "一般公共预算财政拨款支出主要用于城乡社区管理事务、城乡社区环境卫生、行政运行和机关事业单位基本养老保险缴费等"
    "方面。与年初预算相比，决算数有所增加，主要是年中追加垃圾分类处理设施运维和市容环境整治经费。",
    "四、“三公”经费支出决算情况说明",
    "本部门2022年度“三公”经费支出较上年减少，主要是严格落实过紧日子要求，压减公务接待和公务用车运行维护费用。"
    "全年未安排因公出国（境）费用。",
    "五、机关运行经费支出情况说明",
    "机关运行经费主要用于办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、"
    "办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
    "六、政府采购支出情况说明",
    "本部门2022年度政府采购支出总额较上年增加，主要为环卫作业服务、智慧城管平台运维和执法装备购置。",
    "七、国有资产占用情况说明",
    "截至2022年12月31日，本部门共有车辆若干辆，其中执法执勤用车和特种专业技术用车主要用于市容巡查和环卫作业保障。",
    "第四部分 名词解释",
    "财政拨款收入：指本级财政当年拨付的资金。上年结转：指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。"
    "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。项目支出：指在基本支出之外为完成特定"
    "行政任务和事业发展目标所发生的支出。",
    "第五部分 项目支出绩效自评情况",
    "按照区财政局关于开展2022年度项目支出绩效自评工作的通知要求，本部门对纳入绩效自评范围的项目开展了自评，"
    "并对部门整体支出开展了绩效自评，自评表附后。",
]

SPEC = {
    "name": "final-accounts-2022",
    "description": "a department's whole 决算 publication (41 pages): narrative, twelve budget tables, the 决算 explanation, a "
                   "部门整体支出绩效自评表 (not a project), eleven project self-evaluation tables of other samples (some "
                   "continued over pages) and a 绩效目标申报表 (not a project) between them",
    "parts": [
        {"kind": "narrative", "title": ["某区城市管理和综合执法局", "2022年度部门决算"], "narrative": OVERVIEW},
        {"kind": "budget_tables", "tables": [(t, money_rows(k + 1, 28 + 2 * (k % 3))) for k, t in enumerate(TABLES)]},
        {"kind": "narrative", "title": [], "narrative": EXPLANATION},
        {"spec": "no-satisfaction-2022", "department_wide": True,
         "set": {"title": [], "narrative": []}, "set_form": {"form_title": "部门整体支出绩效自评表"}},
        {"spec": "cid-clean-2022"},
        {"spec": "narrative-mismatch-2022"},
        {"spec": "all-report-rules-2021", "declaration": True},
        {"spec": "fullwidth-2022"},
        {"spec": "repeat-header-2023"},
        {"spec": "qualitative-grade-2023"},
        {"spec": "jiangsu-2023"},
        {"spec": "operators-2023"},
        {"spec": "zero-target-miss-2023"},
        {"spec": "near-threshold-2022"},
        {"spec": "sichuan-split-2023"},
        {"spec": "guangzhou-suizhiguan-2021"},
        # a declaration of another year after the last project: the last project's year is the one above its table
        {"spec": "operators-2023", "declaration": True},
    ],
    "expected": {"pages": 41},
}
