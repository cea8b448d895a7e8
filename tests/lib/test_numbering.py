import pytest

from rectify.lib import numbering as nb


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两", 2),
        ("二○二二", 2022),
        ("二〇二二", 2022),
        ("三万五千", 35000),
        ("12", 12),
    ],
)
def test_cn_to_int(text, value):
    assert nb.cn_to_int(text) == value


def test_cn_to_int_rejects_garbage():
    assert nb.cn_to_int("") is None
    assert nb.cn_to_int("甲乙") is None


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (23, "二十三"),
        (105, "一百零五"),
        (110, "一百一十"),
    ],
)
def test_int_to_cn(n, text):
    assert nb.int_to_cn(n) == text


def test_round_trip():
    for n in range(0, 1200):
        assert nb.cn_to_int(nb.int_to_cn(n)) == n


def test_year_digits():
    assert nb.int_to_cn_digits(2022) == "二〇二二"
    assert nb.int_to_cn_digits(2023, zero="○") == "二○二三"


@pytest.mark.parametrize(
    ("text", "kind", "ordinal", "canonical"),
    [
        ("一、提高政治站位", nb.PART, 1, "一、"),
        ("十二、其他", nb.PART, 12, "十二、"),
        ("(一)加强组织领导", nb.PAREN_CN, 1, "（一）"),
        ("（十一）针对", nb.PAREN_CN, 11, "（十一）"),
        ("1.针对", nb.ARABIC, 1, "1."),
        ("2、针对", nb.ARABIC, 2, "2."),
        ("3．针对", nb.ARABIC, 3, "3."),
        ("（1）针对", nb.PAREN_ARABIC, 1, "（1）"),
        ("(2)针对", nb.PAREN_ARABIC, 2, "（2）"),
        ("⑶针对", nb.PAREN_ARABIC, 3, "（3）"),
        ("①针对", nb.CIRCLED_KIND, 1, "①"),
        ("⑫针对", nb.CIRCLED_KIND, 12, "⑫"),
        ("第二方面问题,基层治理", nb.ASPECT_DI, 2, "第二方面"),
        ("问题3：固定资产", nb.WENTI, 3, "问题3"),
        ("问题一：", nb.WENTI, 1, "问题1"),
        ("一是召开会议", nb.SHI, 1, "一是"),
        ("十二是", nb.SHI, 12, "十二是"),
        ("A．网格员配备不足", nb.LETTER, 1, "A．"),
        ("B、12345热线", nb.LETTER, 2, "B．"),
        ("（C）改造资金", nb.LETTER, 3, "C．"),
        ("(d)工期滞后", nb.LETTER, 4, "D．"),
        ("ｂ．全角字母", nb.LETTER, 2, "B．"),
    ],
)
def test_parse_label(text, kind, ordinal, canonical):
    label = nb.parse_label(text)
    assert label is not None
    assert (label.kind, label.ordinal) == (kind, ordinal)
    assert label.canonical == canonical
    assert text[label.end :] == text[len(label.raw) :] or label.end >= len(label.raw)


@pytest.mark.parametrize(
    "text",
    [
        "1.5万元资金",
        "2023年10月",
        "12345投诉",
        "三是非",
        "针对问题",
        "",
        "A股上市",
        "B超检查",
        "A.5",
        "E-mail通知",
    ],
)
def test_not_a_label(text):
    assert nb.parse_label(text) is None


def test_parse_label_restricted_kinds():
    assert nb.parse_label("一是召开", (nb.PART,)) is None
    assert nb.parse_label("  （三）前导空格").ordinal == 3
