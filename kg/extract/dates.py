"""Dates: the article's own date, and the dates the text gives events.

Relative expressions ("Friday", «أمس», "4 January") are resolved against the
article's date: news reports the past, so a bare weekday is the latest such
day on or before the article's date (the next one for announced acts), and a
day and month without a year take the year that puts them nearest before it.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"\b(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_DMY = re.compile(r"\b(0?[1-9]|[12]\d|3[01])[/.](0?[1-9]|1[0-2])[/.]((?:19|20)\d{2})\b")


def parse_iso(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def numeric_date(text: str) -> str | None:
    """The first ISO (2022-01-07) or day/month/year (25/02/2022) date in ``text``."""
    m = _ISO.search(text)
    if m:
        return m.group(0)
    m = _DMY.search(text)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return None
    return None


def weekday_before(ref: dt.date, weekday: int, *, future: bool = False) -> dt.date:
    """The latest ``weekday`` (Monday = 0) on or before ``ref``; the next one if ``future``."""
    if future:
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7)
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)


def day_month(ref: dt.date | None, day: int, month: int, year: int | None) -> dt.date | None:
    """A day and month, in ``year`` or else the year that puts it nearest before ``ref``."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        if ref is None:
            return None
        d = dt.date(ref.year, month, day)
        if d > ref + dt.timedelta(days=31):
            d = dt.date(ref.year - 1, month, day)
        return d
    except ValueError:
        return None
