"""The words of a synthetic city, taken from real notices.

`demo_data/vocabulary.json` holds clauses of the public feedback and progress notices the
parser is tested on (tests/parsing/corpus) and of the seed notice: problems as inspectors
word them, measures as units promise them, progress as they report it. A text here is one
or two of those clauses with a topic of the everyday work of a street or bureau, so that
searches meet the words (公车, 违建, 台账 …) and the spread of real texts, not one template.
"""

import json
import random
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "demo_data" / "vocabulary.json"

# Topics of the problems inspections find in streets and bureaus (their usual headings).
TOPICS = [
    "公车使用管理",
    "公务接待",
    "办公用房",
    "“三公”经费",
    "津补贴发放",
    "政府采购",
    "工程项目管理",
    "集体“三资”管理",
    "基层党组织建设",
    "意识形态工作",
    "安全生产",
    "违法建设治理",
    "信访维稳",
    "垃圾分类",
    "食品安全",
    "出租屋管理",
    "河长制落实",
    "城中村改造",
    "社区网格化管理",
    "困难群众救助",
    "疫情防控资金",
    "党费收缴",
    "“三重一大”决策",
    "干部选拔任用",
    "档案管理",
    "财务报销",
]
DEPARTMENT_NAMES = [
    "党政综合办公室",
    "党建工作办公室",
    "纪检监察办公室",
    "平安建设办公室",
    "公共服务办公室",
    "经济发展办公室",
    "城市管理办公室",
    "规划建设办公室",
    "财政所",
    "综合执法队",
    "社区卫生服务中心",
    "退役军人服务站",
]
COMMUNITY_SUFFIXES = ["社区", "社区", "社区", "村"]
PLACE_WORDS = "海幢南华龙凤素社江南昌岗沙园新港琶洲滨江华洲官洲赤岗凤阳瑞宝江海南石头"
EVIDENCE = [
    ("会议纪要.pdf", "application/pdf"),
    ("整改前后对比照片.jpg", "image/jpeg"),
    ("制度文件.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("工作台账.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("培训签到表.pdf", "application/pdf"),
    ("现场核查记录.jpg", "image/jpeg"),
]
INDICATORS = [
    ("历史违建", "宗"),
    ("整治点位", "处"),
    ("培训人次", "人次"),
    ("清退资金", "万元"),
    ("建立制度", "项"),
    ("走访群众", "户"),
]


@cache
def clauses() -> dict[str, list[str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {key: [c.strip() for c in data[key] if c.strip()] for key in data if key != "source"}


class Words:
    """Texts drawn with one seeded random generator (same seed, same texts)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.c = clauses()

    def aspect(self, n: int) -> str:
        topic = self.rng.choice(TOPICS)
        return f"{self.rng.choice(self.c['aspects'])}，{topic}方面问题突出"

    def problem(self) -> str:
        return f"{self.rng.choice(TOPICS)}方面，{self.rng.choice(self.c['problems'])}"

    def item(self) -> str:
        return self.rng.choice(self.c["problems"])

    def measure(self, topic: str) -> str:
        first, second = self.rng.sample(self.c["measures"], 2)
        return f"{first}，围绕{topic}{second}。"

    def progress(self, earlier: str | None = None) -> str:
        """Two or three clauses of real reports with the month's figures; one report in fifty
        is a measure's earlier report pasted again (the formalism insights looks for)."""
        if earlier is not None and self.rng.random() < 0.02:
            return earlier
        clauses = self.rng.sample(self.c["progress"], self.rng.choice((2, 3, 3)))
        month, done = self.rng.randint(1, 12), self.rng.randint(2, 480)
        return f"截至{month}月底，{'；'.join(clauses)}，本月新办结{done}件。"

    def unit_name(self, n: int) -> str:
        a, b = self.rng.sample(PLACE_WORDS, 2)
        return f"{a}{b}{n}"
