"""Writes the labelled sets the formalism thresholds are tuned on (run once; the .jsonl
files it writes are committed and read by tests/insights/test_labelled.py).

    /work/main/.venv/bin/python tests/insights/data/build_labelled.py

- report_pairs.jsonl: two progress reports, label 1 when one is a copy of the other. Copies
  are made from the hand-written reports the ways offices copy: figures and dates changed,
  a sentence dropped, sentences reordered, an opening added, words swapped, punctuation width
  changed; plus hand-written short boilerplate reports copied between measures. Label 0:
  different reports of one topic (they share the office's boilerplate), hand-written
  look-alikes (same template, different work) and reports of different topics.
- measure_report.jsonl: a measure and a report on it, label 1 when the report only restates
  the measure; then restated_base.RESTATED (padded, reordered, shortened, dated restatements
  and reports that quote the measure before their work), written after the first held-out run.
- generic_measures.jsonl: a measure text, label 1 when it has only generic words.
"""

import itertools
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from measures_base import CONCRETE, GENERIC, MEASURES  # noqa: E402
from reports_base import GROUPS  # noqa: E402
from restated_base import RESTATED  # noqa: E402

SWAPS = [
    ("已完成", "已经完成"),
    ("开展", "组织开展"),
    ("共", "累计"),
    ("已", "目前已"),
    ("对", "针对"),
    ("进行", "开展了"),
    ("问题", "情况"),
    ("全面", "深入"),
]


def sentences(text):
    return [s for s in re.split(r"(?<=[，。；])", text) if s]


def change_figures(text, rng):
    return re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), text)


def drop_sentence(text, rng):
    parts = sentences(text)
    if len(parts) < 3:
        return text + "下一步将继续推进。"
    del parts[rng.randrange(1, len(parts))]
    return "".join(parts)


def reorder(text, rng):
    parts = sentences(text)
    head, tail = parts[:1], parts[1:]
    rng.shuffle(tail)
    return "".join(head + tail)


def opening(text, rng):
    return rng.choice(["本季度，", "按照整改方案要求，", "经认真整改，", "近期，"]) + text


def swap_words(text, rng):
    for old, new in rng.sample(SWAPS, 3):
        text = text.replace(old, new, 1)
    return text


def widths(text, rng):
    return text.replace("，", ",").replace("。", ".").replace("：", ":").replace("；", ";")


OPS = [change_figures, drop_sentence, reorder, opening, swap_words, widths]

# Short boilerplate reports, copied from one measure to the next with small changes (label 1).
BOILERPLATE = [
    (
        "已召开专题会议研究部署，明确责任人和时间节点，正在按计划推进。",
        "已召开专题会议进行研究部署，明确了责任人和时间节点，目前正按计划推进。",
    ),
    ("该项工作已完成，相关资料已归档。", "此项工作已完成，相关资料均已归档。"),
    (
        "已按照整改要求落实到位，下一步将持续巩固整改成果。",
        "已按整改要求落实到位，下一步将继续巩固整改成果。",
    ),
    ("正在推进中，预计按期完成。", "目前正在推进中，预计能按期完成。"),
    (
        "已组织相关科室认真学习，提高了思想认识，整改工作有序推进。",
        "已组织相关科室进行认真学习，提高思想认识，整改工作正在有序推进。",
    ),
    ("已建立长效机制，今后将常态化开展此项工作。", "已建立长效机制，今后将常态化推进此项工作。"),
    (
        "经自查，未发现类似问题，将继续加强监督检查。",
        "经自查未发现类似问题，下一步将继续加强监督检查。",
    ),
    ("已完成整改，整改情况已向党工委报告。", "已整改完成，整改情况已报告党工委。"),
]

# Same template, different work (label 0).
LOOKALIKES = [
    (
        "截至6月底，已完成拆除违建35宗，拆除面积4200平方米，剩余33宗计划年底前完成。",
        "截至6月底，已清理到期租赁合同18份，追缴租金67万元，剩余2户已委托律师起诉。",
    ),
    (
        "已召开专题会议研究违建整治工作，联合城管部门拆除铁皮棚12处。",
        "已召开专题会议研究信访积案化解，向23户群众补发补偿款46万元。",
    ),
    (
        "已修订印发《街道党工委议事规则》，经党工委会议审议通过后施行。",
        "已修订印发《社区干部考核管理办法》，将整改任务完成情况纳入年度考核。",
    ),
    (
        "组织开展消防安全大排查，发现隐患187处，已整改175处。",
        "组织开展扬尘污染专项检查，检查在建工地12个，责令4个工地加装喷淋设施。",
    ),
    (
        "对12345热线不满意工单逐件回访并重新办理，满意率提高到92.4%。",
        "对信访事项逐件回访群众，按期办结率由78%提高到96%。",
    ),
    (
        "已对5个社区的经费使用问题下发整改通知，相关社区已补齐手续。",
        "已对4个社区的工单退回问题进行约谈，要求工单回复附现场照片。",
    ),
    (
        "班子成员每人撰写心得体会1篇，在组织生活会上交流发言。",
        "班子成员每人认领整改任务2项，在党工委会议上汇报进展。",
    ),
    (
        "聘请第三方会计师事务所开展专项审计，收回账外资金12.3万元。",
        "聘请第三方检测机构开展消防设施检测，督促物业维修消火栓46个。",
    ),
    (
        "清理楼道违规停放电动自行车310辆，新建集中充电棚8处。",
        "清理河道沿线堆放垃圾85吨，新增垃圾收集点6处。",
    ),
    (
        "已完成老旧小区雨污分流改造3个，经住建部门验收合格。",
        "已完成闲置资产评估6处，2处改造为社区养老服务站。",
    ),
    (
        "上半年共受理工单2316件，按时办结2291件。",
        "上半年共接待来访群众86批132人次，现场解决问题51个。",
    ),
    (
        "对上班时间脱岗问题开展明察暗访6次，对3名责任人通报批评。",
        "对餐饮油烟排放开展专项检查14家，对2家企业移交立案处理。",
    ),
    (
        "建立公有资产动态管理台账，每季度核对一次。",
        "建立新增违建动态巡查台账，网格员每日巡查一次。",
    ),
    (
        "已向区纪委监委报送整改情况报告，并在街道政务公开栏公示。",
        "已向区住建局报送雨污分流改造验收申请，并在小区公告栏公示施工计划。",
    ),
    (
        "开展“学党章、守党规”主题党日活动，覆盖党员1420名。",
        "开展“安全生产月”宣传活动，发放宣传资料3000余份。",
    ),
]


def report_pairs(rng):
    rows = []
    texts = [(g, t) for g, ts in GROUPS.items() for t in ts]
    for group, text in texts:
        for op in rng.sample(OPS, 3):
            rows.append({"a": text, "b": op(text, rng), "label": 1, "how": op.__name__})
    for a, b in BOILERPLATE:
        rows.append({"a": a, "b": b, "label": 1, "how": "boilerplate"})
    for reports in GROUPS.values():
        for a, b in itertools.combinations(reports, 2):
            rows.append({"a": a, "b": b, "label": 0, "how": "same_topic"})
    for a, b in LOOKALIKES:
        rows.append({"a": a, "b": b, "label": 0, "how": "lookalike"})
    for _ in range(20):
        (ga, a), (gb, b) = rng.sample(texts, 2)
        if ga != gb:
            rows.append({"a": a, "b": b, "label": 0, "how": "other_topic"})
    return rows


RESTATE = [
    lambda m, rng: "已" + m.replace("将", "").rstrip("。") + "。",
    lambda m, rng: "按照要求，" + m,
    lambda m, rng: m.rstrip("。") + "，目前正在推进。",
    lambda m, rng: "已完成。" + m,
]


def measure_report(rng):
    rows = []
    for group, measures in MEASURES.items():
        for measure, report in zip(measures, GROUPS[group], strict=True):
            rows.append({"measure": measure, "report": report, "label": 0, "how": "genuine"})
            for op in rng.sample(RESTATE, 2):
                rows.append(
                    {"measure": measure, "report": op(measure, rng), "label": 1, "how": "restated"}
                )
    for measure, report, label, how in RESTATED:
        rows.append({"measure": measure, "report": report, "label": label, "how": how})
    return rows


def generic_measures():
    rows = [{"text": t, "label": 1} for t in GENERIC]
    rows += [{"text": t, "label": 0} for t in CONCRETE]
    rows += [{"text": t, "label": 0} for ms in MEASURES.values() for t in ms]
    return rows


def write(name, rows):
    with open(HERE / name, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(name, len(rows), "rows,", sum(r["label"] for r in rows), "positive")


if __name__ == "__main__":
    rng = random.Random(14)
    write("report_pairs.jsonl", report_pairs(rng))
    write("measure_report.jsonl", measure_report(rng))
    write("generic_measures.jsonl", generic_measures())
