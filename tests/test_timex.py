"""The time resolver, table-driven: expressions as real articles write them (harvested from
the BBC and PolNeAR texts in ../shared), each with its publication date and the value a
reader would give it. The expected values were worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kg.extract.timex import resolve_time

FRI = datetime(2021, 3, 19, 13, 46)  # a Friday afternoon
SUN = date(2005, 1, 16)  # a Sunday

D = date
TABLE: list[tuple[str, datetime | date, date | tuple[date, date] | None]] = [
    ("Monday", FRI, D(2021, 3, 15)),
    ("Tuesday", FRI, D(2021, 3, 16)),
    ("Wednesday", FRI, D(2021, 3, 17)),
    ("Thursday", FRI, D(2021, 3, 18)),
    ("Friday", FRI, D(2021, 3, 19)),
    ("on Friday", FRI, D(2021, 3, 19)),
    ("late on Thursday", FRI, D(2021, 3, 18)),
    ("Saturday", FRI, D(2021, 3, 13)),
    ("Sunday", FRI, D(2021, 3, 14)),
    ("Monday night", FRI, D(2021, 3, 15)),
    ("Sunday night", FRI, D(2021, 3, 14)),
    ("last Friday", FRI, D(2021, 3, 12)),
    ("next Monday", FRI, D(2021, 3, 22)),
    ("Monday", SUN, D(2005, 1, 10)),
    ("Friday", SUN, D(2005, 1, 14)),
    ("next Monday", SUN, D(2005, 1, 17)),
    ("today", FRI, D(2021, 3, 19)),
    ("Today", FRI, D(2021, 3, 19)),
    ("this morning", FRI, D(2021, 3, 19)),
    ("yesterday", FRI, D(2021, 3, 18)),
    ("this week", FRI, (D(2021, 3, 15), D(2021, 3, 19))),
    ("This week", FRI, (D(2021, 3, 15), D(2021, 3, 19))),
    ("earlier this week", FRI, (D(2021, 3, 15), D(2021, 3, 19))),
    ("last week", FRI, (D(2021, 3, 8), D(2021, 3, 14))),
    ("Last week", FRI, (D(2021, 3, 8), D(2021, 3, 14))),
    ("next week", FRI, (D(2021, 3, 22), D(2021, 3, 28))),
    ("last week", SUN, (D(2005, 1, 3), D(2005, 1, 9))),
    ("this weekend", FRI, (D(2021, 3, 20), D(2021, 3, 21))),
    ("this weekend", SUN, (D(2005, 1, 15), D(2005, 1, 16))),
    ("last weekend", FRI, (D(2021, 3, 13), D(2021, 3, 14))),
    ("this month", FRI, (D(2021, 3, 1), D(2021, 3, 31))),
    ("earlier this month", FRI, (D(2021, 3, 1), D(2021, 3, 19))),
    ("later this month", FRI, (D(2021, 3, 19), D(2021, 3, 31))),
    ("last month", FRI, (D(2021, 2, 1), D(2021, 2, 28))),
    ("Late last month", FRI, (D(2021, 2, 1), D(2021, 2, 28))),
    ("next month", FRI, (D(2021, 4, 1), D(2021, 4, 30))),
    ("this year", FRI, (D(2021, 1, 1), D(2021, 12, 31))),
    ("This year", FRI, (D(2021, 1, 1), D(2021, 12, 31))),
    ("earlier this year", FRI, (D(2021, 1, 1), D(2021, 3, 19))),
    ("later this year", FRI, (D(2021, 3, 19), D(2021, 12, 31))),
    ("last year", FRI, (D(2020, 1, 1), D(2020, 12, 31))),
    ("Last year", FRI, (D(2020, 1, 1), D(2020, 12, 31))),
    ("next year", FRI, (D(2022, 1, 1), D(2022, 12, 31))),
    ("the previous year", FRI, (D(2020, 1, 1), D(2020, 12, 31))),
    ("2014", FRI, (D(2014, 1, 1), D(2014, 12, 31))),
    ("in 2014", FRI, (D(2014, 1, 1), D(2014, 12, 31))),
    ("2003", SUN, (D(2003, 1, 1), D(2003, 12, 31))),
    ("1994", SUN, (D(1994, 1, 1), D(1994, 12, 31))),
    ("January", FRI, (D(2021, 1, 1), D(2021, 1, 31))),
    ("February", FRI, (D(2021, 2, 1), D(2021, 2, 28))),
    ("March", FRI, (D(2021, 3, 1), D(2021, 3, 31))),
    ("May", FRI, (D(2020, 5, 1), D(2020, 5, 31))),
    ("October", FRI, (D(2020, 10, 1), D(2020, 10, 31))),
    ("December 2003", SUN, (D(2003, 12, 1), D(2003, 12, 31))),
    ("June 2004", SUN, (D(2004, 6, 1), D(2004, 6, 30))),
    ("January 2005", SUN, (D(2005, 1, 1), D(2005, 1, 31))),
    ("April 1956", SUN, (D(1956, 4, 1), D(1956, 4, 30))),
    ("April last year", FRI, (D(2020, 4, 1), D(2020, 4, 30))),
    ("last July", FRI, (D(2020, 7, 1), D(2020, 7, 31))),
    ("Last July", SUN, (D(2004, 7, 1), D(2004, 7, 31))),
    ("13 January", FRI, D(2021, 1, 13)),
    ("1 January", SUN, D(2005, 1, 1)),
    ("28 December", FRI, D(2020, 12, 28)),
    ("5 March", FRI, D(2021, 3, 5)),
    ("16 March", FRI, D(2021, 3, 16)),
    ("Sept. 11", FRI, D(2020, 9, 11)),
    ("until 30 April", D(2020, 4, 10), D(2020, 4, 30)),  # weeks ahead, not a year back
    ("25 December", D(2020, 4, 10), D(2019, 12, 25)),
    ("5 April 1920", SUN, D(1920, 4, 5)),
    ("March 18 2021", FRI, D(2021, 3, 18)),
    ("March 18, 2021", FRI, D(2021, 3, 18)),
    ("four years ago", FRI, (D(2017, 1, 1), D(2017, 12, 31))),
    ("two years ago", FRI, (D(2019, 1, 1), D(2019, 12, 31))),
    ("a year ago", FRI, (D(2020, 1, 1), D(2020, 12, 31))),
    ("37 years ago", FRI, (D(1984, 1, 1), D(1984, 12, 31))),
    ("just two months ago", FRI, (D(2021, 1, 1), D(2021, 1, 31))),
    ("1 month ago", FRI, (D(2021, 2, 1), D(2021, 2, 28))),
    ("2 months ago", FRI, (D(2021, 1, 1), D(2021, 1, 31))),
    ("21 hours ago", FRI, D(2021, 3, 18)),
    ("2 days ago", FRI, D(2021, 3, 17)),
    ("the 1990s", SUN, (D(1990, 1, 1), D(1999, 12, 31))),
    ("the 1980s", SUN, (D(1980, 1, 1), D(1989, 12, 31))),
    ("the second half of 2004", SUN, (D(2004, 7, 1), D(2004, 12, 31))),
    ("the first half of this year", FRI, (D(2021, 1, 1), D(2021, 6, 30))),
    ("between 2002 and 2004", SUN, (D(2002, 1, 1), D(2004, 12, 31))),
    ("since 2001", SUN, (D(2001, 1, 1), D(2005, 1, 16))),
    ("the past week", FRI, (D(2021, 3, 12), D(2021, 3, 19))),
    ("Christmas", SUN, D(2004, 12, 25)),
    ("2021-03-18", FRI, D(2021, 3, 18)),
    ("annual", FRI, None),
    ("recent weeks", FRI, None),
    ("the age of 84", FRI, None),
]


@pytest.mark.parametrize(
    ("text", "published", "expected"), TABLE, ids=[f"{t}@{p:%Y-%m-%d}" for t, p, _ in TABLE]
)
def test_time_table(
    text: str, published: datetime | date, expected: date | tuple[date, date] | None
) -> None:
    value = resolve_time(text, published)
    if expected is None:
        assert value is None
        return
    assert value is not None and value.text == text
    if isinstance(expected, tuple):
        assert (value.day, value.earliest, value.latest) == (None, *expected)
    else:
        assert (value.day, value.earliest, value.latest) == (expected, None, None)


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 60


def test_no_publication_date_no_time() -> None:
    assert resolve_time("on Friday", None) is None
