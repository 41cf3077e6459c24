"""Time expressions resolved against the article's publication date.

An exact day becomes `day`; anything vaguer becomes bounds (`earliest`, `latest`, inclusive):
"earlier this year" in an article of 19 March 2021 is 2021-01-01 to 2021-03-19. News reports
the past, so an expression that could point either way points back: a bare weekday is the
latest such day on or before the publication date ("on Friday" in a Friday paper is that
day), a bare month the latest such month; a day and month without a year is the nearest such
day, one ahead counting double its distance ("until 30 April" on 10 April is this April).
The rules below cover what news writes; dateparser (a maintained library) reads the other
explicit dates. The original words are kept.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from kg.articles.plaintext import MONTHS
from kg.model import TimeValue

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3,
    "several": 3, "a couple of": 2,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMBER = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_YEAR = r"(?:1[6-9]|20)\d\d"

AGO = re.compile(rf"\b({_NUMBER})\s+(hour|day|week|month|year)s?\s+ago\b")
PAST = re.compile(
    r"\b(?:the\s+)?(?:past|last)\s+(?:(\d+|few|several)\s+)?(day|week|month|year)s?\b"
)
PERIOD = re.compile(
    r"\b(this|last|next|the previous|the coming|earlier this|later this|late last|early last)"
    r"\s+(week|weekend|month|year)\b"
)
HALF = re.compile(rf"\b(first|second) half of (this year|last year|{_YEAR})\b")
DECADE = re.compile(r"\b(?:the\s+)?((?:1[6-9]|20)\d)0s\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
BETWEEN = re.compile(rf"\bbetween ({_YEAR}) and ({_YEAR})\b")
SINCE = re.compile(rf"\bsince ({_YEAR})\b")
DAY_MONTH_YEAR = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?|({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?)"
    rf"\b,?(?:\s+({_YEAR}))?\b"
)
MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+(?:of\s+)?({_YEAR}|last year|this year)\b")
LAST_MONTH_NAME = re.compile(rf"\blast ({_MONTH})\b")
MONTH = re.compile(rf"\b({_MONTH})\b")
YEAR = re.compile(rf"\b({_YEAR})\b")
WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
SAME_DAY = re.compile(r"\b(today|tonight|this (?:morning|afternoon|evening))\b")
HOLIDAYS = {"christmas": (12, 25), "new year's day": (1, 1), "halloween": (10, 31)}


def _day(published: datetime | date) -> date:
    return published.date() if isinstance(published, datetime) else published


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS.get(text, 3)


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _months_back(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def _latest_month(month: int, today: date) -> int:
    """The year of the latest such month on or before today."""
    return today.year if month <= today.month else today.year - 1


def _bounds(earliest: date, latest: date, text: str) -> TimeValue:
    if earliest == latest:
        return TimeValue(day=earliest, text=text)
    return TimeValue(earliest=earliest, latest=latest, text=text)


def _period(which: str, unit: str, today: date, text: str) -> TimeValue:
    monday = today - timedelta(days=today.weekday())
    if unit == "week":
        start = {
            "last": monday - timedelta(7),
            "the previous": monday - timedelta(7),
            "next": monday + timedelta(7),
            "the coming": monday + timedelta(7),
        }.get(which, monday)
        if which in ("this", "earlier this"):
            return _bounds(monday, today, text)
        if which == "later this":
            return _bounds(today, monday + timedelta(6), text)
        return _bounds(start, start + timedelta(6), text)
    if unit == "weekend":
        saturday = monday + timedelta(5)
        shift = {"last": -7, "the previous": -7, "next": 7, "the coming": 7}.get(which, 0)
        return _bounds(saturday + timedelta(shift), saturday + timedelta(shift + 1), text)
    if unit == "month":
        back = {
            "last": 1,
            "the previous": 1,
            "late last": 1,
            "early last": 1,
            "next": -1,
            "the coming": -1,
        }.get(which, 0)
        first, last = _month_bounds(*_months_back(today, back))
        if which == "earlier this":
            return _bounds(first, today, text)
        if which == "later this":
            return _bounds(today, last, text)
        return _bounds(first, last, text)
    year = today.year + {"last": -1, "the previous": -1, "next": 1, "the coming": 1}.get(which, 0)
    if which == "earlier this":
        return _bounds(date(year, 1, 1), today, text)
    if which == "later this":
        return _bounds(today, date(year, 12, 31), text)
    return _bounds(date(year, 1, 1), date(year, 12, 31), text)


def _ago(count: int, unit: str, published: datetime | date, text: str) -> TimeValue:
    today = _day(published)
    if unit == "hour":
        moment = (
            published
            if isinstance(published, datetime)
            else datetime(today.year, today.month, today.day, 12)
        )
        return TimeValue(day=(moment - timedelta(hours=count)).date(), text=text)
    if unit == "day":
        return TimeValue(day=today - timedelta(days=count), text=text)
    if unit == "week":
        return TimeValue(day=today - timedelta(weeks=count), text=text)
    if unit == "month":
        return _bounds(*_month_bounds(*_months_back(today, count)), text)
    return _bounds(date(today.year - count, 1, 1), date(today.year - count, 12, 31), text)


def _weekday(lowered: str, match: re.Match[str], today: date, text: str) -> TimeValue:
    wanted = WEEKDAYS.index(match.group(1))
    back = (today.weekday() - wanted) % 7
    if re.search(r"\bnext\b", lowered):
        return TimeValue(day=today + timedelta(days=(wanted - today.weekday()) % 7 or 7), text=text)
    if re.search(r"\blast\b", lowered) and back == 0:
        back = 7
    return TimeValue(day=today - timedelta(days=back), text=text)


def _named_year(which: str, today: date) -> int:
    """ "this year", "last year" or a year's digits, as a year."""
    return {"last year": today.year - 1, "this year": today.year}.get(which) or int(which)


# How much further a day without a year may lie ahead than behind to be read as ahead: news
# reports the past, but "until 30 April" in an article of 10 April is this April.
FUTURE_WEIGHT = 2


def _nearest_day(month: int, day: int, today: date) -> date | None:
    """A day given without its year: of the days with that date around `today`, the nearest,
    a day ahead counting twice its distance ("30 April" on 10 April 2020 is 2020-04-30; "25
    December" then is 2019-12-25)."""
    days = [
        d for year in (today.year - 1, today.year, today.year + 1) if (d := _date(year, month, day))
    ]
    return min(
        days,
        key=lambda d: (today - d).days if d <= today else FUTURE_WEIGHT * (d - today).days,
        default=None,
    )


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_time(text: str, published: datetime | date | None) -> TimeValue | None:
    """What an expression says about when, against the publication date; None if nothing."""
    if published is None or not text.strip():
        return None
    today = _day(published)
    lowered = " ".join(text.casefold().replace("’", "'").split())
    if match := BETWEEN.search(lowered):
        return _bounds(date(int(match.group(1)), 1, 1), date(int(match.group(2)), 12, 31), text)
    if match := SINCE.search(lowered):
        return _bounds(date(int(match.group(1)), 1, 1), today, text)
    if match := ISO_DATE.search(lowered):
        found_day = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return TimeValue(day=found_day, text=text) if found_day else None
    if match := HALF.search(lowered):
        year = _named_year(match.group(2), today)
        if match.group(1) == "first":
            return _bounds(date(year, 1, 1), date(year, 6, 30), text)
        return _bounds(date(year, 7, 1), date(year, 12, 31), text)
    if match := DAY_MONTH_YEAR.search(lowered):
        day_text = match.group(1) or match.group(4)
        month = MONTHS[(match.group(2) or match.group(3)).rstrip(".")]
        if match.group(5):
            found_day = _date(int(match.group(5)), month, int(day_text))
        else:
            found_day = _nearest_day(month, int(day_text), today)
        return TimeValue(day=found_day, text=text) if found_day else None
    if match := MONTH_YEAR.search(lowered):  # before "last year": "April last year"
        month = MONTHS[match.group(1).rstrip(".")]
        return _bounds(*_month_bounds(_named_year(match.group(2), today), month), text)
    if match := DECADE.search(lowered):
        start = int(match.group(1)) * 10
        return _bounds(date(start, 1, 1), date(start + 9, 12, 31), text)
    if match := AGO.search(lowered):
        return _ago(_number(match.group(1)), match.group(2), published, text)
    if match := PERIOD.search(lowered):
        return _period(match.group(1), match.group(2), today, text)
    if match := PAST.search(lowered):
        count, unit = (_number(match.group(1)) if match.group(1) else 1), match.group(2)
        span = {
            "day": timedelta(days=count),
            "week": timedelta(weeks=count),
            "month": timedelta(days=30 * count),
            "year": timedelta(days=365 * count),
        }[unit]
        return _bounds(today - span, today, text)
    if SAME_DAY.search(lowered):
        return TimeValue(day=today, text=text)
    if re.search(r"\byesterday\b", lowered):
        return TimeValue(day=today - timedelta(days=1), text=text)
    for name, (month, day) in HOLIDAYS.items():
        if name in lowered:
            year = int(found.group(1)) if (found := YEAR.search(lowered)) else today.year
            holiday = date(year, month, day)
            return TimeValue(
                day=holiday if found or holiday <= today else holiday.replace(year=year - 1),
                text=text,
            )
    if match := LAST_MONTH_NAME.search(lowered):
        month = MONTHS[match.group(1)]
        year = today.year if month < today.month else today.year - 1
        return _bounds(*_month_bounds(year, month), text)
    if match := YEAR.search(lowered):
        year = int(match.group(1))
        return _bounds(date(year, 1, 1), date(year, 12, 31), text)
    if match := WEEKDAY.search(lowered):
        return _weekday(lowered, match, today, text)
    if (match := MONTH.search(lowered)) and len(lowered.split()) <= 3:  # "in May", "January"
        month = MONTHS[match.group(1)]
        return _bounds(*_month_bounds(_latest_month(month, today), month), text)
    return _parse_with_dateparser(text, today)


@lru_cache(maxsize=4096)
def _parse_with_dateparser(text: str, today: date) -> TimeValue | None:
    """Other explicit dates ("2021-03-18", "03/18/2021"); only text that has a digit is tried,
    since dateparser is slow to give up on words that name no date."""
    if not re.search(r"\d", text):
        return None
    import dateparser

    found = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    return TimeValue(day=found.date(), text=text) if found else None
