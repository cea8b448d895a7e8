"""What a measure's wording says: only generic words (形式主义), its category, its kind
(the last two read by `rectify.lib.measure_wording`, shared with the importer and the grid).

Suggestions only: a person confirms a category or kind; a generic measure is flagged, never
refused.
"""

from __future__ import annotations

import re
import unicodedata

from rectify.lib import measure_wording

from .text import has_date, jieba_module

GENERIC = frozenset(
    [
        "加强",
        "强化",
        "提高",
        "提升",
        "增强",
        "认识",
        "意识",
        "学习",
        "进一步",
        "深入",
        "深刻",
        "切实",
        "全面",
        "持续",
        "不断",
        "认真",
        "严格",
        "高度",
        "重视",
        "落实",
        "贯彻",
        "狠抓",
        "扎实",
        "推进",
        "推动",
        "抓好",
        "做好",
        "确保",
        "把握",
        "树牢",
        "牢固",
        "树立",
        "思想",
        "政治",
        "站位",
        "责任",
        "担当",
        "作风",
        "建设",
        "理解",
        "领会",
        "教育",
        "引导",
        "自觉",
        "主动",
        "积极",
        "努力",
        "坚决",
        "着力",
        "大力",
        "务求",
        "实效",
        "工作",
        "水平",
        "能力",
        "质量",
        "效能",
        "管理",
        "规范",
        "整改",
        "问题",
        "相关",
        "有关",
        "各项",
        "要求",
        "精神",
        "党员",
        "干部",
        "队伍",
        "意见",
        "指示",
        "部署",
        "方面",
        "机制",
        "常态",
        "长效",
        "力度",
        "注重",
        "坚持",
        "始终",
        "更加",
        "保持",
        "不断改进",
        "改进",
        "完善",
        "加大",
        "聚焦",
        "围绕",
        "压实",
        "履行",
        "主体",
        "政治",
        "任务",
        "重要",
        "反思",
        "吸取",
        "教训",
        "举一反三",
        "党性",
        "修养",
        "纪律",
        "观念",
        "领导",
        "加强领导",
        "统筹",
        "协调",
        "形成",
        "合力",
        "落到实处",
        "实处",
        "各项",
        "作为",
        "当作",
        "廉洁",
        "自律",
        "宗旨",
        "服务",
        "群众",
        "形象",
        "良好",
        "导向",
        "层层",
        "传导",
        "压力",
        "方法",
        "效率",
    ]
)
# Words of a concrete act: something is made, counted, removed, held or checked.
CONCRETE = frozenset(
    [
        "制定",
        "出台",
        "印发",
        "修订",
        "修改",
        "建立",
        "编制",
        "起草",
        "拆除",
        "清理",
        "整治",
        "清退",
        "追缴",
        "收回",
        "退还",
        "退回",
        "处理",
        "处分",
        "问责",
        "约谈",
        "召开",
        "组织",
        "举办",
        "开展",
        "排查",
        "核查",
        "核实",
        "检查",
        "审计",
        "督查",
        "清查",
        "登记",
        "建档",
        "公示",
        "公开",
        "上报",
        "报送",
        "移交",
        "移送",
        "签订",
        "签署",
        "更换",
        "配备",
        "安装",
        "维修",
        "改造",
        "搬迁",
        "关停",
        "取缔",
        "立案",
        "查处",
        "销号",
        "台账",
        "培训",
        "专题",
        "专项",
        "会议",
        "轮训",
        "考核",
        "通报",
        "回访",
        "走访",
        "评估",
        "验收",
        "注销",
        "调整",
        "补缴",
        "追回",
        "纠正",
    ]
)
_CONCRETE_MARK = re.compile(
    r"[0-9０-９]|《|〔|\[|第[一二三四五六七八九十]+次|[一二三四五六七八九十两]+(次|场|期|宗|户|人|个|项|家|处)"
)


def generic_only(text: str) -> tuple[bool, str]:
    """(True, why) when the text has no concrete act, date, number or document."""
    clean = unicodedata.normalize("NFKC", text or "").strip()
    if not clean:
        return False, ""
    if _CONCRETE_MARK.search(clean) or has_date(clean):
        return False, ""
    tokens = [w for w in jieba_module().lcut(clean) if w.strip() and re.match(r"\w", w)]
    if any(w in CONCRETE for w in tokens):
        return False, ""
    content = [w for w in tokens if len(w) > 1]
    generic = [w for w in content if w in GENERIC]
    if content and len(generic) / len(content) >= 0.5:
        shown = "、".join(dict.fromkeys(generic[:4]))
        return True, f"只有笼统表述（{shown}……），没有具体举措、时间、数量或文件"
    return False, ""


def suggest_category(text: str) -> tuple[str, str]:
    """('rules' | 'case' | 'general', the words that decided) — `rectify.lib.measure_wording`."""
    found = measure_wording.suggest_category(text)
    return found.value, found.cue


def suggest_kind(text: str) -> tuple[str, str]:
    """('immediate' | 'time_bound' | 'long_term', the words that decided)."""
    found = measure_wording.suggest_kind(text)
    return found.value, found.cue
