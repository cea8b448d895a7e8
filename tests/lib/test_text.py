from rectify.lib import text as t


def test_halfwidth():
    assert t.to_halfwidth("（一）１．ＡＢ，：") == "(一)1.AB,:"
    assert t.to_halfwidth("a\u3000b") == "a b"


def test_fullwidth_punct():
    assert t.to_fullwidth_punct("(一)1.针对,问题:") == "（一）1．针对，问题："


def test_match_view_keeps_length():
    s = "（一）針對問題，２０２３年"
    v = t.match_view(s)
    assert len(v) == len(s)
    assert v == "(一)针对问题,2023年"


def test_clean_whitespace_pdf_copy():
    assert t.clean_whitespace("2023 年 4 月 3 日 至  6 月") == "2023年4月3日至6月"
    assert t.clean_whitespace("\ufeff  针对\u200b 问题\u3000 ") == "针对问题"
    assert t.clean_whitespace("Word  2019 文档") == "Word 2019文档"


def test_normalize_for_compare():
    a = t.normalize_for_compare("针对企业脱钩不到位的问题。")
    b = t.normalize_for_compare(" 針對企業脫鉤不到位的問題 ")
    assert a == "针对企业脱钩不到位的问题"
    assert t.normalize_for_compare("（一）,１ ２") == "一12"
    assert b.startswith("针对")


def test_cjk_ratio():
    assert t.cjk_ratio("abc") == 0.0
    assert t.cjk_ratio("中文") == 1.0
    assert t.cjk_ratio("") == 0.0
