"""Time expressions resolved against the article's publication date.

News reports the past: a bare weekday ("on Friday") is the latest such day on or before the
publication date, unless "next" says otherwise.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kg.articles.plaintext import MONTHS
from kg.model import TimeValue

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAMES})\.?|({_MONTH_NAMES})\.?\s+(\d{{1,2}})"
    rf"(?:st|nd|rd|th)?)\b,?(?:\s+(\d{{4}}))?",
    re.IGNORECASE,
)
_SAME_DAY = re.compile(r"\b(today|tonight|this (?:morning|afternoon|evening))\b", re.IGNORECASE)


def _day(published: datetime | date) -> date:
    return published.date() if isinstance(published, datetime) else published


def resolve_time(text: str, published: datetime | date | None) -> TimeValue | None:
    """The day an expression names, against the publication date; None when it names none."""
    if published is None:
        return None
    today = _day(published)
    lowered = text.casefold()
    if _SAME_DAY.search(lowered):
        return TimeValue(day=today, text=text)
    if re.search(r"\byesterday\b", lowered):
        return TimeValue(day=today - timedelta(days=1), text=text)
    if match := _DAY_MONTH.search(text):
        day_text, month_text = match.group(1) or match.group(4), match.group(2) or match.group(3)
        year = int(match.group(5)) if match.group(5) else today.year
        try:
            found = date(year, MONTHS[month_text.casefold()], int(day_text))
        except ValueError:
            return None
        if not match.group(5) and found > today + timedelta(days=7):
            found = found.replace(year=year - 1)  # "March 18" in January means last year's
        return TimeValue(day=found, text=text)
    if match := _WEEKDAY.search(text):
        wanted = WEEKDAYS.index(match.group(1).casefold())
        back = (today.weekday() - wanted) % 7
        if re.search(r"\bnext\b", lowered):
            return TimeValue(
                day=today + timedelta(days=(wanted - today.weekday()) % 7 or 7), text=text
            )
        if re.search(r"\blast\b", lowered) and back == 0:
            back = 7
        return TimeValue(day=today - timedelta(days=back), text=text)
    return None
