from datetime import date

import pytest

from rectify.lib.dates import find_dates, month_end, parse_date


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023年10月19日", date(2023, 10, 19)),
        ("2023-10-19", date(2023, 10, 19)),
        ("2023/1/6", date(2023, 1, 6)),
        ("二○二二年十二月二十六日", date(2022, 12, 26)),
        ("二〇二三年六月二十日", date(2023, 6, 20)),
        ("2023年2月", date(2023, 2, 1)),
        ("2023年12月前", date(2023, 12, 31)),
        ("2024年2月底前", date(2024, 2, 29)),
        ("2023年底前", date(2023, 12, 31)),
        ("2023年上半年", date(2023, 6, 30)),
    ],
)
def test_parse_date(text, value):
    assert parse_date(text) == value


def test_deadline_flags():
    found = find_dates("剩余2间计划于2023年12月前完成注销")
    assert len(found) == 1
    assert found[0].is_deadline
    assert found[0].text == "2023年12月前"
    assert found[0].date == date(2023, 12, 31)
    planned = find_dates("计划于2023年12月完成")
    assert planned[0].is_deadline and planned[0].date == date(2023, 12, 31)
    assert not find_dates("2021年4月后再无相关情况")[0].is_deadline


def test_year_context_for_relative_phrases():
    found = find_dates("确保年底前完成", year=2023)
    assert found[0].date == date(2023, 12, 31) and found[0].is_deadline
    assert find_dates("年底前完成")[0].date is None
    assert find_dates("今年1至8月拆除", year=2023)[0].date == date(2023, 8, 1)


def test_year_carries_over():
    found = find_dates("2022年7月26日至10月14日")
    assert [d.date for d in found] == [date(2022, 7, 26), date(2022, 10, 14)]
    found = find_dates("二○二三年三月十三日至五月十二日")
    assert found[1].date == date(2023, 5, 12)


@pytest.mark.parametrize(
    "text", ["202 年", "202年3月", "2023年X月", "2023年×月", "20××年", "2023年10月X日", "2023年 月"]
)
def test_partial_dates_are_not_invented(text):
    found = find_dates(text)
    assert len(found) == 1
    assert found[0].date is None
    assert found[0].precision == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "近3年新进职工",
        "2023年度考核",
        "18953.64平方米",
        "2022年09-0001号凭证",
        "12345热线",
        "3年内",
    ],
)
def test_not_dates(text):
    assert [d for d in find_dates(text) if d.date] == []


def test_invalid_day_is_none():
    assert find_dates("2023年2月30日")[0].date is None


def test_month_end():
    assert month_end(2023, 2) == date(2023, 2, 28)
    assert month_end(2024, 2) == date(2024, 2, 29)
