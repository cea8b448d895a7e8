"""A rectification list whose header takes two rows ("责任分工" over 牵头单位 | 配合单位)."""

from rectify.parsing import parse_bytes

HTML = """<html><body><h1>某某区卫健局巡察整改情况清单</h1>
<table>
<tr><td rowspan=2>序号</td><td rowspan=2>反馈问题</td><td rowspan=2>整改措施</td>
<td colspan=2>责任分工</td><td rowspan=2>完成时限</td></tr>
<tr><td>牵头单位</td><td>配合单位</td></tr>
<tr><td>1</td><td>医保基金监管不严的问题</td><td>一是开展专项检查；二是追回违规资金36.8万元。</td>
<td>医保科</td><td>财务科</td><td>2023年12月底</td></tr>
<tr><td>2</td><td>药品采购不规范的问题</td><td>全部药品纳入省平台集中采购。</td>
<td>药剂科</td><td>纪检组</td><td>2024年3月</td></tr>
</table></body></html>"""


def test_two_row_header_is_one_header_not_a_problem():
    notice = parse_bytes(HTML.encode(), "list.html")
    rows = [(f.label, f.title, f.owner, f.deadline) for f in notice.all_findings()]
    assert rows == [
        ("1.", "医保基金监管不严的问题", "医保科；财务科", "2023年12月底"),
        ("2.", "药品采购不规范的问题", "药剂科；纪检组", "2024年3月"),
    ]
    assert [len(f.measures) for f in notice.findings] == [2, 1]
    assert [d["date"] for d in notice.deadlines] == ["2023-12-31", "2024-03-31"]
