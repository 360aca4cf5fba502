"""Content of the held-out set: indicator pools, project generation, the
printed text of each value, and the truth that follows from it."""
import random
import re

# (l1, l2 key, name, op, value, unit)   op: >= <= = or Q (qualitative: value is target text, unit actual text)
DOMAINS = {
    "chengguan": {
        "goal": ("保障城市综合管理服务平台全年稳定运行，完成视频监控、案件受理、派遣和处置各环节运维，提升城市精细化管理水平。",
                 "平台全年稳定运行，完成视频监控点位运维和城管案件受理派遣，案件按期结案，城市精细化管理水平进一步提升。"),
        "inds": [
            ("产出", "数量", "视频监控点位运维数量", ">=", 3200, "个"),
            ("产出", "数量", "城管案件受理数量", ">=", 45000, "件"),
            ("产出", "数量", "系统巡检次数", ">=", 52, "次"),
            ("产出", "质量", "系统正常运行率", ">=", 99, "%"),
            ("产出", "质量", "案件结案率", ">=", 95, "%"),
            ("产出", "时效", "故障响应时间", "<=", 2, "小时"),
            ("产出", "成本", "运维服务费用", "<=", None, "万元"),
            ("效益", "社会", "市民投诉办结率", ">=", 90, "%"),
            ("效益", "社会", "城市管理问题发现能力", "Q", "较上年有所提高", "明显提高"),
            ("效益", "可持续", "平台持续稳定运行", "Q", "长期", "持续稳定运行"),
            ("满意度", "满意度", "市民满意度", ">=", 85, "%"),
        ],
    },
    "water": {
        "goal": ("新建农村集中供水工程12处，改造供水管网86公里，巩固提升农村饮水安全保障水平，受益人口3.2万人。",
                 "已建成集中供水工程12处，改造管网并通水验收，水质检测合格，农村自来水普及率进一步提高。"),
        "inds": [
            ("产出", "数量", "新建集中供水工程", "=", 12, "处"),
            ("产出", "数量", "改造供水管网长度", ">=", 86, "公里"),
            ("产出", "数量", "受益人口", ">=", 3.2, "万人"),
            ("产出", "质量", "水质检测合格率", ">=", 95, "%"),
            ("产出", "质量", "工程验收合格率", "=", 100, "%"),
            ("产出", "时效", "工程完工及时率", ">=", 90, "%"),
            ("产出", "成本", "单位管网改造成本", "<=", 18, "万元/公里"),
            ("效益", "社会", "农村自来水普及率", ">=", 92, "%"),
            ("效益", "生态", "水源地保护", "Q", "达到二级保护区标准", "达到二级保护区标准"),
            ("效益", "可持续", "工程设计使用年限", ">=", 15, "年"),
            ("满意度", "满意度", "受益群众满意度", ">=", 90, "%"),
        ],
    },
    "ncms": {
        "goal": ("巩固新型农村合作医疗制度，参合率稳定在95%以上，政策范围内住院费用报销比例达到75%，减轻参合群众就医负担。",
                 "全县参合率达到96.8%，住院补偿和门诊统筹补偿按时结算，政策范围内住院费用报销比例达到76.2%。"),
        "inds": [
            ("产出", "数量", "全县参合人数", ">=", 41.5, "万人"),
            ("产出", "数量", "住院补偿人次", ">=", 5.8, "万人次"),
            ("产出", "数量", "门诊统筹补偿人次", ">=", 62, "万人次"),
            ("产出", "质量", "政策范围内住院费用报销比例", ">=", 75, "%"),
            ("产出", "质量", "参合率", ">=", 95, "%"),
            ("产出", "时效", "补偿资金结算时间", "<=", 20, "个工作日"),
            ("产出", "成本", "人均筹资标准", "=", 580, "元"),
            ("效益", "社会", "群众就医负担", "Q", "有效减轻", "有效减轻"),
            ("效益", "社会", "大病保险覆盖率", "=", 100, "%"),
            ("效益", "可持续", "基金运行情况", "Q", "收支平衡略有结余", "收支平衡略有结余"),
            ("满意度", "满意度", "参合群众满意度", ">=", 85, "%"),
        ],
    },
    "school": {
        "goal": ("落实农村义务教育学生营养改善计划，按每生每天5元标准提供营养膳食补助，维修改造农村学校校舍，保障学生在校就餐和学习安全。",
                 "全年为18600余名学生提供营养膳食补助，完成校舍维修改造，未发生食品安全事故，学生营养健康状况明显改善。"),
        "inds": [
            ("产出", "数量", "受助学生人数", ">=", 18600, "人"),
            ("产出", "数量", "维修改造校舍面积", ">=", 12000, "平方米"),
            ("产出", "数量", "采购课桌椅", "=", 2400, "套"),
            ("产出", "质量", "校舍维修验收合格率", "=", 100, "%"),
            ("产出", "质量", "食品安全事故", "<=", 0, "起"),
            ("产出", "时效", "资金拨付及时率", "=", 100, "%"),
            ("产出", "成本", "生均补助标准", "=", 5, "元/天"),
            ("效益", "社会", "学生营养健康状况", "Q", "明显改善", "明显改善"),
            ("效益", "社会", "义务教育巩固率", ">=", 99.5, "%"),
            ("满意度", "满意度", "学生家长满意度", ">=", 90, "%"),
        ],
    },
    "road": {
        "goal": ("完成全县农村公路日常养护1286公里，及时修复路面病害，保持路况良好，保障群众安全便捷出行。",
                 "完成农村公路日常养护和路面坑槽修复，优良中等路率稳定提升，病害处置及时，群众出行条件明显改善。"),
        "inds": [
            ("产出", "数量", "养护农村公路里程", ">=", 1286, "公里"),
            ("产出", "数量", "修复路面坑槽面积", ">=", 15000, "平方米"),
            ("产出", "数量", "桥梁定期检查数量", "=", 46, "座"),
            ("产出", "质量", "优良中等路率", ">=", 80, "%"),
            ("产出", "质量", "养护工程合格率", "=", 100, "%"),
            ("产出", "时效", "病害处置时限", "<=", 48, "小时"),
            ("产出", "成本", "每公里养护成本", "<=", 0.65, "万元"),
            ("效益", "社会", "群众出行条件", "Q", "明显改善", "明显改善"),
            ("效益", "生态", "路域环境整治", "Q", "达到畅安舒美标准", "基本达到"),
            ("满意度", "满意度", "沿线群众满意度", ">=", 85, "%"),
        ],
    },
    "forestfire": {
        "goal": ("加强森林防火基础设施和专业队伍建设，开展防火宣传，建设防火隔离带，全年不发生重大森林火灾。",
                 "开展防火宣传活动，新建防火隔离带，购置扑火装备并配发到位，全年未发生重大森林火灾，森林覆盖率保持稳定。"),
        "inds": [
            ("产出", "数量", "防火宣传活动场次", ">=", 120, "场"),
            ("产出", "数量", "建设防火隔离带", ">=", 35, "公里"),
            ("产出", "数量", "购置扑火装备", "=", 860, "套"),
            ("产出", "质量", "装备验收合格率", "=", 100, "%"),
            ("产出", "质量", "森林火灾受害率", "<=", 0.9, "‰"),
            ("产出", "时效", "火情处置到场时间", "<=", 30, "分钟"),
            ("效益", "社会", "重大森林火灾", "<=", 0, "起"),
            ("效益", "生态", "森林覆盖率", ">=", 68.5, "%"),
            ("效益", "可持续", "防火长效机制", "Q", "逐步健全", "基本建立"),
            ("满意度", "满意度", "林区群众满意度", ">=", 90, "%"),
        ],
    },
    "culture": {
        "goal": ("组织送戏下乡和农村公益电影放映，丰富基层群众文化生活，推动公共文化服务均等化。",
                 "全年完成送戏下乡和公益电影放映任务，覆盖全部行政村，群众文化生活进一步丰富。"),
        "inds": [
            ("产出", "数量", "送戏下乡演出场次", ">=", 260, "场"),
            ("产出", "数量", "公益电影放映场次", ">=", 3600, "场"),
            ("产出", "数量", "覆盖行政村数", "=", 215, "个"),
            ("产出", "质量", "原创节目比例", ">=", 30, "%"),
            ("产出", "时效", "年度任务完成及时率", "=", 100, "%"),
            ("产出", "成本", "每场演出补助标准", "<=", 6000, "元"),
            ("效益", "社会", "惠及群众人次", ">=", 30, "万人次"),
            ("效益", "社会", "群众文化生活", "Q", "进一步丰富", "进一步丰富"),
            ("满意度", "满意度", "观众满意度", ">=", 90, "%"),
        ],
    },
    "training": {
        "goal": ("开展职业技能培训和创业培训，提高城乡劳动者就业创业能力，稳定和扩大就业。",
                 "完成职业技能培训和创业培训，培训合格率和取证率达到预期，参训人员就业率稳步提高。"),
        "inds": [
            ("产出", "数量", "职业技能培训人数", ">=", 5000, "人次"),
            ("产出", "数量", "创业培训人数", ">=", 800, "人"),
            ("产出", "质量", "培训合格率", ">=", 85, "%"),
            ("产出", "质量", "职业资格取证率", ">=", 70, "%"),
            ("产出", "时效", "补贴资金发放时限", "<=", 30, "日"),
            ("产出", "成本", "人均培训补贴", "<=", 1800, "元"),
            ("效益", "经济", "培训后就业率", ">=", 60, "%"),
            ("效益", "社会", "城镇登记失业率", "<=", 3.5, "%"),
            ("满意度", "满意度", "参训人员满意度", ">=", 90, "%"),
        ],
    },
    "envmon": {
        "goal": ("保障空气自动监测站和水质自动监测站正常运行，按期发布环境质量监测报告，为污染防治提供数据支撑。",
                 "全年监测站点运行正常，数据有效率和质控合格率达标，按月发布环境质量报告，空气质量优良天数比率同比上升。"),
        "inds": [
            ("产出", "数量", "空气自动监测站运维数量", "=", 18, "个"),
            ("产出", "数量", "水质监测断面", ">=", 42, "个"),
            ("产出", "数量", "环境质量监测报告", ">=", 12, "期"),
            ("产出", "质量", "监测数据有效率", ">=", 90, "%"),
            ("产出", "质量", "质控合格率", ">=", 95, "%"),
            ("产出", "时效", "数据上报及时率", "=", 100, "%"),
            ("效益", "生态", "空气质量优良天数比率", ">=", 88, "%"),
            ("效益", "生态", "PM2.5年均浓度", "<=", 32, "微克/立方米"),
            ("效益", "社会", "环境信息公开", "Q", "及时准确", "及时准确"),
            ("满意度", "满意度", "公众满意度", ">=", 80, "%"),
        ],
    },
    "cloud": {
        "goal": ("保障政务云平台和数据共享交换平台安全稳定运行，为全市各部门提供云资源和数据共享服务。",
                 "政务云平台全年安全稳定运行，新增接入部门，数据共享交换量大幅增长，等保测评达到三级。"),
        "inds": [
            ("产出", "数量", "云主机数量", ">=", 1200, "台"),
            ("产出", "数量", "接入部门数", ">=", 56, "个"),
            ("产出", "数量", "数据共享交换量", ">=", 8, "亿条"),
            ("产出", "质量", "系统可用率", ">=", 99.9, "%"),
            ("产出", "质量", "网络安全等级保护", "Q", "达到三级", "达到三级"),
            ("产出", "时效", "故障恢复时间", "<=", 4, "小时"),
            ("产出", "成本", "项目总成本", "<=", None, "万元"),
            ("效益", "社会", "政务服务事项网上可办率", ">=", 95, "%"),
            ("效益", "可持续", "平台运行保障机制", "Q", "长期有效", "长期有效"),
            ("满意度", "满意度", "使用部门满意度", ">=", 90, "%"),
        ],
    },
    "agri": {
        "goal": ("推广农业主导品种和主推技术，建设示范基地，开展农民技术培训，促进农业增效和农民增收。",
                 "推广主导品种和主推技术，建成示范基地并开展现场观摩，完成农民培训，示范区亩均增收达到预期。"),
        "inds": [
            ("产出", "数量", "推广主导品种", ">=", 15, "个"),
            ("产出", "数量", "建设示范基地", "=", 22, "个"),
            ("产出", "数量", "培训农民", ">=", 6000, "人次"),
            ("产出", "质量", "技术到位率", ">=", 95, "%"),
            ("产出", "时效", "项目完成时间", "<=", 12, "个月"),
            ("效益", "经济", "示范区亩均增收", ">=", 120, "元"),
            ("效益", "生态", "化肥使用量减少率", ">=", 2, "%"),
            ("效益", "可持续", "技术推广服务体系", "Q", "不断完善", "不断完善"),
            ("满意度", "满意度", "农户满意度", ">=", 90, "%"),
        ],
    },
    "health": {
        "goal": ("为辖区居民免费提供基本公共卫生服务，提高老年人、慢性病患者健康管理水平，做好预防接种和传染病防控。",
                 "完成老年人健康管理、慢性病患者规范管理和儿童预防接种，居民电子健康档案建档率和传染病报告及时率达到要求。"),
        "inds": [
            ("产出", "数量", "65岁以上老年人健康管理人数", ">=", 2.6, "万人"),
            ("产出", "数量", "儿童预防接种剂次", ">=", 9.5, "万剂次"),
            ("产出", "质量", "居民电子健康档案建档率", ">=", 90, "%"),
            ("产出", "质量", "高血压患者规范管理率", ">=", 65, "%"),
            ("产出", "时效", "资金拨付及时率", "=", 100, "%"),
            ("产出", "成本", "人均基本公共卫生服务经费", "=", 84, "元"),
            ("效益", "社会", "传染病报告及时率", ">=", 95, "%"),
            ("效益", "社会", "甲乙类传染病暴发", "<=", 0, "起"),
            ("满意度", "满意度", "居民满意度", ">=", 85, "%"),
        ],
    },
}

L2 = {
    "full": {"数量": "数量指标", "质量": "质量指标", "时效": "时效指标", "成本": "成本指标", "经济": "经济效益指标",
             "社会": "社会效益指标", "生态": "生态效益指标", "可持续": "可持续影响指标", "满意度": "服务对象满意度指标"},
    "short": {"数量": "数量", "质量": "质量", "时效": "时效", "成本": "成本", "经济": "经济效益", "社会": "社会效益",
              "生态": "生态效益", "可持续": "可持续影响", "满意度": "服务对象满意度"},
    "prefixed": {"数量": "产出数量", "质量": "产出质量", "时效": "产出时效", "成本": "产出成本", "经济": "经济效益",
                 "社会": "社会效益", "生态": "生态效益", "可持续": "可持续影响", "满意度": "满意度"},
}
L1 = {
    "full": {"产出": "产出指标", "效益": "效益指标", "满意度": "满意度指标", "投入": "投入指标"},
    "short": {"产出": "产出", "效益": "效益", "满意度": "满意度", "投入": "投入"},
    "jiangsu": {"产出": "产出目标", "效益": "结果目标", "满意度": "结果目标", "投入": "投入目标"},
}

UNDER_NOTES = ["受项目招标推迟影响，部分任务顺延至次年，下一步将加快实施进度。",
               "因上级资金下达较晚，部分工作未能按期完成，已列入下年度计划。",
               "受天气等客观因素影响，实施进度滞后，下一步加强统筹调度。",
               "部分对象需求变化，实际完成数略低于目标，后续将加强前期调研。"]
OVER_NOTES = ["年初目标设置偏保守，下年度将根据实际情况合理设置指标值。",
              "服务需求增加，实际完成数超过年初目标。"]
QUAL_ACTUALS_DOCKED = ["部分达到", "基本达到"]

FW = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def fmt_num(v, nd=None):
    if nd is None:
        if abs(v - round(v)) < 1e-9:
            return str(int(round(v)))
        s = ("%.2f" % v).rstrip("0").rstrip(".")
        return s
    return "%.*f" % (nd, v)


def decimals(v):
    s = fmt_num(v)
    return len(s.split(".")[1]) if "." in s else 0


class Style(dict):
    """Printing choices of one form (see make_heldout.py)."""

    def __getattr__(self, k):
        return self.get(k)


def money_text(v, st):
    if v is None:
        return ""
    if st.unit == "元":
        s = "{:,.2f}".format(v) if st.thousands else "%.2f" % v
    else:
        s = "{:,.2f}".format(v) if st.thousands else "%.2f" % v
    return s


def make_project(rng, domain, st, name, dept, impl, year, budget_total=None):
    """Return (printed, truth) for one project.  `st` fixes how values are printed."""
    D = DOMAINS[domain]
    unit = st.get("unit", "万元")
    # ---------------- budget
    annual = budget_total if budget_total is not None else round(rng.uniform(60, 2400), 2)
    if unit == "元":
        annual = round(annual * 10000 + rng.randint(0, 99) / 100.0, 2)
    init = annual if rng.random() < 0.55 else round(annual * rng.uniform(0.7, 0.98), 2)
    r = rng.choice([1.0, 1.0, 0.998, 0.985, 0.962, 0.93, 0.874])
    if st.get("rate"):
        r = st.rate
    executed = round(annual * r, 2)
    rate = executed / annual * 100 if annual else 0.0
    bw = st.get("budget_weight", 10)
    bscore_true = round(bw * min(rate / 100, 1), 2)
    if st.get("generous_budget") and rate >= 85:
        bscore = float(bw)
    elif st.get("floor_budget"):
        bscore = float(int(bw * min(rate / 100, 1)))
    else:
        bscore = bscore_true
    rate_txt = st.get("rate_fmt", "{:.2f}%").format(rate)
    if rate_txt.endswith(".00%") and st.get("rate_short"):
        rate_txt = rate_txt[:-4] + "%"
    rate_printed = float(re.sub(r"[^0-9.]", "", rate_txt))
    # sub-rows: 财政拨款 / 上年结转 / 其他
    carry = round(annual * rng.choice([0, 0, 0.12, 0.2]), 2)
    other_a = round(annual * rng.choice([0, 0, 0.05]), 2)
    fin_a = round(annual - carry - other_a, 2)
    init_carry = carry if init == annual else round(min(carry, init * 0.1), 2)
    init_other = other_a if init == annual else 0.0
    init_fin = round(init - init_carry - init_other, 2)
    ex_other = round(min(other_a, executed), 2)
    ex_carry = round(min(carry, executed - ex_other), 2)
    ex_fin = round(executed - ex_carry - ex_other, 2)
    labels = st.get("row_labels", ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"])
    rows = [[labels[0], init, annual, executed], [labels[1], init_fin, fin_a, ex_fin],
            [labels[2], init_carry, carry, ex_carry], [labels[3], init_other, other_a, ex_other]]
    if st.get("blank_zero_subrows"):
        for row in rows[1:]:
            for k in (1, 2, 3):
                if row[k] == 0:
                    row[k] = None
    total_mode = st.get("total_row", "normal")  # normal | empty | zero
    if total_mode == "empty":
        rows[0][1:] = [None, None, None]
    elif total_mode == "zero":
        rows[0][1:] = [0.0, 0.0, 0.0]

    # ---------------- indicators
    pool = list(D["inds"])
    split = st.get("split", {"产出": 50, "效益": 30, "满意度": 10})
    inds = []
    if "投入" in split:
        pool = [("投入", "投入管理", "资金到位率", "=", 100, "%"),
                ("投入", "投入管理", "政府采购执行率", "=", 100, "%"),
                ("投入", "投入管理", "财务管理制度健全性", "Q", "健全", "健全")] + pool
    for l1, total in split.items():
        cand = [p for p in pool if (p[0] == l1 or (l1 == "效益" and p[0] == "效益"))]
        if l1 == "满意度":
            cand = [p for p in pool if p[0] == "满意度"]
            if st.get("two_satisfaction") and len(cand) == 1:
                extra = ("满意度", "满意度", "项目实施单位满意度", ">=", 90, "%")
                cand = cand + [extra]
        n_max = st.get("n_max", {}).get(l1, len(cand))
        if len(cand) > n_max:
            keep = sorted(rng.sample(range(len(cand)), n_max))
            cand = [cand[i] for i in keep]
        n = len(cand)
        step = st.get("weight_step", 1)
        units = int(round(total / step))
        base = [units // n] * n
        for i in range(units - sum(base)):
            base[i % n] += 1
        rng.shuffle(base)
        ws = [b * step for b in base]
        for p, w in zip(cand, ws):
            inds.append((p, w))
    printed_inds = []
    for (l1, l2k, nm, op, val, unt), w in inds:
        ind = {"l1key": l1, "l2key": l2k, "name": nm, "weight": float(w)}
        if op == "Q":
            ind["qual"] = True
            ind["target_text"] = val
            docked = rng.random() < 0.2
            ind["actual_text"] = rng.choice(QUAL_ACTUALS_DOCKED) if docked else unt
            ind["score"] = float(w) if not docked or st.get("generous") else round(w * 0.8, 2)
            ind["note"] = st.get("empty_note", "无") if not docked else "部分工作仍需持续推进，下一步将建立长效机制。"
            printed_inds.append(ind)
            continue
        if val is None:  # cost = the budget
            val = round(annual, 2) if unit == "万元" else round(annual / 10000, 2)
        ind.update(op=op, value=val, unit=unt)
        nd = decimals(val)
        outcome = rng.choices(["met", "over", "under"], [0.66, 0.17, 0.17])[0]
        if st.get("outcomes") and nm in st.outcomes:
            outcome = st.outcomes[nm]
        if op == "=" and outcome == "over" and unt == "%":
            outcome = "met"
        if op == "<=":
            if val == 0:
                act = 0 if outcome != "under" else 1
            elif outcome == "met":
                act = val * rng.uniform(0.8, 1.0)
            elif outcome == "over":
                act = val * rng.uniform(0.5, 0.75)
            else:
                act = val * rng.uniform(1.05, 1.25)
        elif op == "=":
            act = val if outcome != "under" else val * rng.uniform(0.9, 0.98)
            if outcome == "over":
                act = val * rng.uniform(1.25, 1.5)
        else:
            if outcome == "met":
                act = val * rng.uniform(1.0, 1.1)
            elif outcome == "over":
                act = val * rng.uniform(1.22, 1.6)
            else:
                act = val * rng.uniform(0.86, 0.98)
        if unt in ("%", "‰"):
            act = min(act, 100.0)
            ndp = 1 if nd == 0 else nd
            act = round(act, ndp)
            if act >= 100:
                act = 100.0
        elif nd == 0:
            act = float(round(act))
        else:
            act = round(act, nd)
        ind["act_value"] = act
        met = (act >= val - 1e-9) if op in (">=", "=") else (act <= val + 1e-9)
        if met:
            score = float(w)
        else:
            ratio = (act / val) if op in (">=", "=") else (val / act if act else 0)
            score = round(w * ratio, 2) if not st.get("generous") or rng.random() < 0.4 else float(w)
        ind["score"] = score
        if not met:
            ind["note"] = rng.choice(UNDER_NOTES)
        elif outcome == "over" and rng.random() < 0.5:
            ind["note"] = rng.choice(OVER_NOTES)
        else:
            ind["note"] = st.get("empty_note", "无")
        printed_inds.append(ind)
    total = round(bscore + sum(i["score"] for i in printed_inds), 2)
    if st.get("total_typo"):
        total = round(total + st.total_typo, 2)
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    P = {"name": name, "dept": dept, "impl": impl, "year": year, "unit": unit,
         "init": init, "annual": annual, "executed": executed, "rows": rows, "bw": bw, "bscore": bscore,
         "rate_txt": rate_txt, "rate": rate_printed, "goal": D["goal"], "inds": printed_inds,
         "total": total, "grade": grade, "domain": domain}
    return P


def target_text(ind, st, rng):
    """The printed target (single-column forms) and its truth {op,value,unit} (op None when bare)."""
    if ind.get("qual"):
        return ind["target_text"], None
    op, v, u = ind["op"], ind["value"], ind["unit"]
    vs = fmt_num(v)
    if op == ">=":
        choices = st.get("ge_words", ["≥", "不少于", "≥", "", "不低于"])
    elif op == "<=":
        choices = st.get("le_words", ["≤", "不高于", "≤", "不超过"])
    else:
        choices = st.get("eq_words", ["=", ""])
    w = rng.choice(choices)
    if u in ("%", "‰") and w == "不少于":
        w = "不低于"
    txt = w + vs + u
    if st.get("fullwidth") and rng.random() < 0.5:
        txt = w + vs.translate(FW) + u.translate(FW)
    sym = {"≥": ">=", "≧": ">=", ">=": ">=", "不少于": ">=", "不低于": ">=", "≤": "<=", "≦": "<=", "<=": "<=",
           "不高于": "<=", "不超过": "<=", "=": "=", "＝": "=", "": None}[w]
    return txt, {"op": sym, "value": v, "unit": u}


def actual_text(ind, st, rng):
    if ind.get("qual"):
        return ind["actual_text"], None
    v, u = ind["act_value"], ind["unit"]
    nd = decimals(v)
    vs = fmt_num(v)
    drop_unit = st.get("actual_no_unit") and rng.random() < 0.25 and u not in ("%",)
    uu = "" if drop_unit else u
    txt = vs + uu
    if st.get("fullwidth") and rng.random() < 0.5:
        txt = vs.translate(FW) + uu.translate(FW)
    return txt, {"value": v, "unit": uu}
