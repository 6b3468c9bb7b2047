"""Date expressions normalised against the article's publication date.

``find_timexes`` finds day names ("on Tuesday"), relative days ("yesterday"), relative
periods ("last week", "next month"), calendar dates ("March 1", "1 March 2022",
"2022-03-01"), months ("in March") and years ("in 2021"), each with the token it
attaches to in the parse. ``resolve`` turns one into a :class:`~kg.records.TimeValue`,
looking backwards from publication for past events and forwards for planned ones.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from kg.records import TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_DAYNUM = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")


@dataclass(frozen=True)
class Timex:
    """A date expression before resolution."""

    span: Span
    kind: str  # weekday | offset | period | date | month | year
    value: Any  # weekday index, day offset, (direction, unit), (y, m, d), (y, m), year
    direction: str = ""  # "past" | "future" | "this" | ""

    @property
    def anchor(self) -> Token:
        """The token the expression modifies: the verb or noun it hangs from."""
        root = self.span.root
        head = root.head
        if head.dep_ == "prep" or head.pos_ == "ADP":
            return head.head
        return head if head.i != root.i else root


def _direction(tokens: list[Token], words: dict[str, Any]) -> str:
    for t in tokens:
        low = t.lower_
        if low in words["past_words"]:
            return "past"
        if low in words["future_words"]:
            return "future"
        if low in words["this_words"]:
            return "this"
    return ""


def find_timexes(doc: Doc | Span, words: dict[str, Any]) -> list[Timex]:
    """Date expressions in a doc or sentence, left to right."""
    out: list[Timex] = []
    weekdays, months = words["weekdays"], words["months"]
    offsets, units = words["day_offsets"], words["units"]
    tokens = list(doc)
    skip = -1
    for k, tok in enumerate(tokens):
        if k <= skip:
            continue
        low = tok.lower_
        prev = tokens[k - 1 : k]
        span_doc = tok.doc
        if low in weekdays or (low.endswith("s") and low[:-1] in weekdays and tok.pos_ == "PROPN"):
            day = weekdays.get(low, weekdays.get(low[:-1]))
            out.append(Timex(span_doc[tok.i : tok.i + 1], "weekday", day, _direction(prev, words)))
        elif low in offsets:
            out.append(Timex(span_doc[tok.i : tok.i + 1], "offset", offsets[low]))
        elif low in units and prev and prev[0].lower_ in (
            words["past_words"] + words["future_words"] + words["this_words"]
        ):
            start = prev[0].i
            out.append(
                Timex(span_doc[start : tok.i + 1], "period", units[low], _direction(prev, words))
            )
        elif low in months and (tok.pos_ == "PROPN" or tok.is_title) and not (
            low == "may" and tok.pos_ in {"AUX", "VERB"}
        ):
            month = months[low]
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            before = tokens[k - 1] if k > 0 else None
            day = None
            end = tok.i
            if nxt is not None and _DAYNUM.match(nxt.text):
                day = int(_DAYNUM.match(nxt.text).group(1))  # type: ignore[union-attr]
                end = nxt.i
            elif before is not None and _DAYNUM.match(before.text):
                day = int(_DAYNUM.match(before.text).group(1))  # type: ignore[union-attr]
            year = None
            after = tokens[end - tokens[0].i + 1 : end - tokens[0].i + 3]
            for t in after:
                if _YEAR.match(t.text):
                    year, end = int(t.text), t.i
                    break
                if t.text != ",":
                    break
            day_first = day is not None and before is not None and _DAYNUM.match(before.text)
            begin = before.i if day_first and before is not None else tok.i
            if day is not None and 1 <= day <= 31:
                out.append(Timex(span_doc[begin : end + 1], "date", (year, month, day)))
            elif month == 5 and tok.lower_ == "may" and year is None:
                continue
            else:
                out.append(Timex(span_doc[tok.i : end + 1], "month", (year, month)))
            skip = end - tokens[0].i
        elif _ISO.match(tok.text):
            y, m, d = (int(g) for g in _ISO.match(tok.text).groups())  # type: ignore[union-attr]
            out.append(Timex(span_doc[tok.i : tok.i + 1], "date", (y, m, d)))
        elif _YEAR.match(tok.text) and prev and prev[0].lower_ in {"in", "since", "during"}:
            out.append(Timex(span_doc[tok.i : tok.i + 1], "year", int(tok.text)))
    return out


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(tx: Timex, published: date, future: bool) -> TimeValue | None:
    """Normalise a date expression against ``published``.

    Past events take the latest matching day on or before publication, planned ones
    the earliest on or after it.

    >>> from types import SimpleNamespace as NS
    >>> t = Timex(NS(text="Tuesday"), "weekday", 1)
    >>> resolve(t, date(2022, 3, 2), future=False).begin
    datetime.date(2022, 3, 1)
    >>> t = Timex(NS(text="Wednesday"), "weekday", 2)
    >>> resolve(t, date(2022, 3, 2), future=True).begin
    datetime.date(2022, 3, 2)
    """
    text = tx.span.text
    if tx.kind == "weekday":
        future = future or tx.direction == "future"
        delta = (published.weekday() - tx.value) % 7
        if future:
            day = published + timedelta(days=(tx.value - published.weekday()) % 7)
        else:
            day = published - timedelta(days=delta)
            if tx.direction == "past" and delta == 0:
                day -= timedelta(days=7)
        return TimeValue(day, day, "day", text)
    if tx.kind == "offset":
        day = published + timedelta(days=tx.value)
        return TimeValue(day, day, "day", text)
    if tx.kind == "period":
        shift = {"past": -1, "future": 1}.get(tx.direction, 0)
        if tx.value == "week":
            monday = published - timedelta(days=published.weekday()) + timedelta(weeks=shift)
            return TimeValue(monday, monday + timedelta(days=6), "week", text)
        if tx.value == "month":
            y, m = published.year, published.month + shift
            y, m = (y - 1, 12) if m == 0 else (y + 1, 1) if m == 13 else (y, m)
            last = calendar.monthrange(y, m)[1]
            return TimeValue(date(y, m, 1), date(y, m, last), "month", text)
        y = published.year + shift
        return TimeValue(date(y, 1, 1), date(y, 12, 31), "year", text)
    if tx.kind == "date":
        y, m, d = tx.value
        if y is None:
            y = published.year
            cand = _safe_date(y, m, d)
            if cand is not None and not future and cand > published + timedelta(days=2):
                y -= 1
            elif cand is not None and future and cand < published - timedelta(days=2):
                y += 1
        when = _safe_date(y, m, d)
        return TimeValue(when, when, "day", text) if when else None
    if tx.kind == "month":
        y, m = tx.value
        if y is None:
            y = published.year
            if not future and m > published.month:
                y -= 1
            elif future and m < published.month:
                y += 1
        last = calendar.monthrange(y, m)[1]
        return TimeValue(date(y, m, 1), date(y, m, last), "month", text)
    if tx.kind == "year":
        return TimeValue(date(tx.value, 1, 1), date(tx.value, 12, 31), "year", text)
    return None


def default_time(published: date) -> TimeValue:
    """The publication date, flagged as defaulted, for events the text gives no date."""
    return TimeValue(published, published, "unknown", None, defaulted=True)
