"""References in scripts without capitals, read by their script's own conventions.

CJK title marks, GB/T 7714, and the 'Family, Given. Title. Place: Publisher,
Year.' shape in Arabic, Persian, Hebrew, Korean …. The sequence labeller was trained on Latin and Cyrillic references and leans on
capitals, which these scripts do not have: it took Japanese titles in their
『』 marks for authors and a Korean or Arabic place for part of the title. These
references mark their parts in ways that are conventions of the script, not of
one style, and are read here by those conventions:

* **Title marks** (Japanese 『書名』「論文名」, Chinese 《书名》〈篇名〉): the double
  marks hold a book's or a journal's title, the single ones an article's or a
  chapter's; the author comes before the first mark, the imprint after.
* **GB/T 7714** (the Chinese national standard): the title is followed by its
  type code — ``[M]`` a book, ``[J]`` an article, ``[D]`` a thesis, ``[C]`` a paper
  in proceedings … — ``作者. 题名[M]. 出版地: 出版者, 年.``
* **Full stops between parts**: ``Family, Given. Title. Place: Publisher, Year.``
  or ``… Title. Journal, Year, 12(3): 45-67.``, as Arabic, Persian, Hebrew and
  Korean lists print them (Arabic's '،' and '؛' are its comma and semicolon).

:func:`parse_caseless` answers only for a reference most of whose letters are
caseless and only when the reference has one of these shapes whole (names, a
title, an imprint or a journal with a year); otherwise ``None``, and the
labeller reads it. Pure string work.
"""

from __future__ import annotations

import re

from ..models import Name
from ..text import lazy_compile

# a letter with no case: Han, kana, Hangul, Arabic, Hebrew, Thai, Devanagari …
_LETTER_RE = re.compile(r"[^\W\d_]")
_CJK_RE = lazy_compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")

# title marks: the double ones a book's or a journal's title, the single ones an article's
_BOOK_MARKS = (("『", "』"), ("《", "》"))
_PART_MARKS = (("「", "」"), ("〈", "〉"))
_MARKED_RE = lazy_compile(r"『([^』]+)』|《([^》]+)》|「([^」]+)」|〈([^〉]+)〉")

# GB/T 7714 type codes and the entry type each means
_GBT_TYPES = {"M": "book", "J": "article", "D": "phdthesis", "C": "inproceedings",
              "A": "incollection", "N": "article", "R": "techreport", "S": "misc", "P": "misc",
              "G": "book", "Z": "misc", "EB": "online", "DB": "misc", "CP": "misc"}
_GBT_CODE_RE = re.compile(r"\[(M|J|D|C|A|N|R|S|P|G|Z|EB|DB|CP)(?:/(?:OL|CD|MT|DK))?\]")

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_YEAR_RE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)\s*年?")
# Arabic script's lists may date by the Hijri or the Solar Hijri calendar ('1404', '1364')
_ANY_YEAR_RE = re.compile(rf"(?<!\d)({_YEAR}|1[34]\d\d)(?!\d)")
_PAGES_RE = lazy_compile(
    r"(?:第\s*)?(?:pp?\.\s*)?(\d+)\s*[-–—~〜～]\s*(\d+)\s*(?:頁|页|쪽|페이지)?")
_VOLUME_ISSUE_RE = re.compile(r"(\d+)\s*[(（]\s*(\d+)\s*[)）]")
_VOLUME_RE = lazy_compile(r"第?\s*(\d+)\s*(?:巻|卷|권)")
_ISSUE_RE = lazy_compile(r"第?\s*(\d+)\s*(?:号|號|期|호)")
# the words that make names editors or translators: 編 编 主编 編著 (ed.), 訳 译 (trans.)
_EDITOR_RE = re.compile(r"\s*(?:主編|主编|編著|编著|編|编|共編|共编)\s*$")
_TRANSLATOR_RE = re.compile(r"\s*(?:訳|譯|译|共訳)\s*$")
_AUTHOR_ROLE_RE = lazy_compile(r"\s*(?:著|撰|等)\s*$")

_EDGE = " \t,，、.。:：;；·・،؛()（）[]"
_SENTENCE_RE = re.compile(r"(?<=[^\s.])[.。]\s+|。")


def _ascii_digits(text: str) -> str:
    """'١٩٨٤' (Arabic-Indic), '۱۳۶۴' (Persian) -> '1984', '1364': numbers as fields hold them."""
    return "".join(str(int(c)) if c.isdigit() and not c.isascii() else c for c in text)


# letters of the cased scripts (Latin, Greek, Cyrillic, Armenian): a text of these alone,
# as most non-ASCII references are ("Müller", "Dvořák"), has no caseless share to count
_CASED_ONLY_RE = re.compile(r"[\x00-\u058f\u1e00-\u1fff\u2000-\u206f\u2100-\u214f]*")


def _caseless_share(text: str) -> float:
    if _CASED_ONLY_RE.fullmatch(text):
        return 0.0
    letters = _LETTER_RE.findall(text)
    if not letters:
        return 0.0
    return sum(1 for c in letters if not (c.isupper() or c.islower())) / len(letters)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(_EDGE)


def _names(text: str) -> list[Name]:
    """Names as printed: CJK names (no spaces) split at every comma or 、; elsewhere each
    ';'/'؛'-separated part is one 'Family, Given'."""
    text = _clean(text)
    if not text:
        return []
    if _CJK_RE.search(text):
        parts = [p for p in (_clean(x) for x in re.split(r"[,，、;；]", text)) if p]
        return [Name(family=p) for p in parts]
    out = []
    for part in (_clean(x) for x in re.split(r"[;؛]", text)):
        if part:
            family, _, given = re.sub(r"\s*،\s*", ", ", part).partition(",")
            out.append(Name(family=_clean(family), given=_clean(given)))
    return out


def _people(text: str) -> dict[str, object]:
    """author (or editor, translator) from the text before the title."""
    text = _clean(text)
    role = "author"
    if _EDITOR_RE.search(text):
        role, text = "editor", _EDITOR_RE.sub("", text)
    elif _TRANSLATOR_RE.search(text):
        role, text = "translator", _TRANSLATOR_RE.sub("", text)
    else:
        text = _AUTHOR_ROLE_RE.sub("", text)
    names = _names(text)
    return {role: names} if names else {}


def _year(text: str, any_calendar: bool = False) -> tuple[str | None, str]:
    """(the last year in *text*, *text* without it)."""
    # (searched with ASCII digits, one character for one: the positions are the text's)
    found = list((_ANY_YEAR_RE if any_calendar else _YEAR_RE).finditer(_ascii_digits(text)))
    if not found:
        return None, text
    m = found[-1]
    return m.group(1), text[:m.start()] + " " + text[m.end():]


def _numbers(text: str, values: dict[str, object]) -> str:
    """Pages, volume and issue taken from *text* into *values*; the rest of *text*."""
    m = _PAGES_RE.search(text)
    if m:
        values["pages"] = _ascii_digits(f"{m.group(1)}--{m.group(2)}")
        text = text[:m.start()] + " " + text[m.end():]
    m = _VOLUME_ISSUE_RE.search(text)
    if m:
        values["volume"], values["number"] = _ascii_digits(m.group(1)), _ascii_digits(m.group(2))
        text = text[:m.start()] + " " + text[m.end():]
    else:
        for regex, name in ((_VOLUME_RE, "volume"), (_ISSUE_RE, "number")):
            m = regex.search(text)
            if m:
                values[name] = _ascii_digits(m.group(1))
                text = text[:m.start()] + " " + text[m.end():]
    return text


def _imprint(text: str, values: dict[str, object]) -> None:
    """'Place: Publisher' (or a publisher alone) into address and publisher."""
    text = _clean(text)
    if not text:
        return
    place, colon, publisher = text.replace("：", ":").partition(":")
    if not colon:
        place, publisher = "", text
    if _clean(publisher):
        values["publisher"] = _clean(publisher)
    if _clean(place):
        values["address"] = _clean(place)


def _by_marks(text: str) -> tuple[str, dict[str, object]] | None:
    marks = list(_MARKED_RE.finditer(text))
    if not marks:
        return None
    values: dict[str, object] = dict(_people(text[:marks[0].start()]))
    book = [m for m in marks if m.group(1) or m.group(2)]
    part = [m for m in marks if m.group(3) or m.group(4)]
    rest = text[marks[-1].end():]
    year, rest = _year(rest)
    if year is None:
        year, _ = _year(text[:marks[0].start()])
    if year:
        values["year"] = year
    if part and book and part[0].start() < book[0].start():
        values["title"] = _clean(part[0].group(3) or part[0].group(4))
        container = _clean(book[0].group(1) or book[0].group(2))
        rest = _numbers(rest, values)
        if values.get("volume") or values.get("number") or values.get("pages") or not _clean(rest):
            values["journal"] = container
            return "article", values
        values["booktitle"] = container  # a chapter in a book: 「章」『書名』出版社
        _imprint(rest, values)
        return "incollection", values
    first = (book or part)[0]
    values["title"] = _clean(first.group(1) or first.group(2) or first.group(3) or first.group(4))
    if not book:
        return "misc", values
    rest = _numbers(rest, values)
    _imprint(rest, values)
    return "book", values


def _by_gbt_code(text: str) -> tuple[str, dict[str, object]] | None:
    m = _GBT_CODE_RE.search(text)
    if not m:
        return None
    kind = _GBT_TYPES[m.group(1)]
    head = text[:m.start()]
    # the title: after the names' full stop ('王笛. 街头文化[M]'); names hold no full stop
    cut = max(head.rfind(". "), head.rfind("。"), head.rfind("．"))
    if cut < 0:
        return None
    values: dict[str, object] = dict(_people(head[:cut]))
    values["title"] = _clean(head[cut + 1:])
    rest = text[m.end():]
    if kind in ("article", "inproceedings", "incollection") and "//" not in rest:
        rest = _numbers(rest, values)  # (pages first: '2017,33(12):1764-1766' -- 1766 no year)
        year, rest = _year(rest)
        if year:
            values["year"] = year
        container = _clean(re.split(r"[,，]", _clean(rest), maxsplit=1)[0])
        if kind == "article":
            if container:
                values["journal"] = container
        else:
            values["booktitle"] = container
        return kind, values
    rest = _numbers(rest, values)
    year, rest = _year(rest)
    if year:
        values["year"] = year
    if "//" in rest:  # '[C]//编者. 论文集. 地: 出版者, 年: 页.': the volume the paper is in
        rest = rest.split("//", 1)[1]
        parts = [p for p in (_clean(x) for x in re.split(r"[.。]\s*", rest)) if p]
        if parts:
            values["booktitle"] = parts[-2] if len(parts) > 1 else parts[0]
            if len(parts) > 1:
                _imprint(parts[-1], values)
        return kind, values
    if kind == "phdthesis":
        place_school = _clean(rest)
        if place_school:
            _imprint(place_school, values)
            school = values.pop("publisher", None)
            if school:
                values["school"] = school
        return kind, values
    _imprint(rest, values)
    return kind, values


# what the full-stop reading leaves to the labeller, which has learnt these (Korean and Chinese
# Vancouver '잡지 2019;20(5):917-925', links, identifiers) or which would cut a title in two
# (a quoted title holding a full stop)
_NOT_BY_FULL_STOPS_RE = lazy_compile(r"https?://|\bdoi\b|\d\s*;\s*\d|['\"“”‘’«»„]", re.I)
# an article's journal, then its numbers and year: 'مجلة الدراسات، 12(3)، 45-67، 1990'
_JOURNAL_NUMBERS_RE = lazy_compile(r"^(?P<journal>[^\d,،，;:()（）]+?)\s*[,،，]\s*(?P<numbers>[\d\s,،，:()（）\-–—.]+)$")


def _by_full_stops(text: str, any_calendar: bool) -> tuple[str, dict[str, object]] | None:
    """'Family, Given. Title. Place: Publisher, Year.' / '… Title. Journal, 12(3), 45-67, Year.'"""
    if _NOT_BY_FULL_STOPS_RE.search(text):
        return None
    parts = [p for p in (_clean(x) for x in _SENTENCE_RE.split(text.strip())) if p]
    if len(parts) < 3:
        return None
    who, *middle, last = parts
    if re.search(r"\d", who) or len(who) > 60 or len(who.split()) > 8:
        return None  # no author list: a title or a year first
    values: dict[str, object] = dict(_people(who))
    if not values:
        return None
    values["title"] = _clean(". ".join(middle))
    article = _JOURNAL_NUMBERS_RE.match(_clean(last))
    if article:  # 'Journal, 12(3), 45-67, 1990'
        rest = _numbers(article["numbers"], values)
        year, rest = _year(rest, any_calendar)
        if year is None or re.search(r"\d", rest):
            return None
        values.update(year=year, journal=_clean(article["journal"]))
        return "article", values
    # 'Place: Publisher, Year' (or 'Publisher, Year'): the year closes the reference
    imprint = re.match(r"^(?P<imprint>[^\d]+?)\s*[,،，]?\s*(?P<year>\S+)$", _clean(last))
    if imprint is None:
        return None
    year, rest = _year(imprint["year"], any_calendar)
    if year is None or _clean(rest):
        return None
    values["year"] = year
    _imprint(imprint["imprint"], values)
    return "book", values


def parse_caseless(text: str) -> tuple[str, dict[str, object]] | None:
    """(entry type, Fields values) for a reference in a script without capitals whose shape
    says where each part is; ``None`` for every other reference (the labeller reads it)."""
    body = re.sub(r"^\s*(?:\[\d{1,4}\]|\d{1,4}[.)])\s+", "", text)  # a list number
    if _caseless_share(body) < 0.6:
        return None
    any_calendar = not _CJK_RE.search(body)  # Arabic script: Hijri and Solar Hijri years
    for reader in (_by_marks, _by_gbt_code):
        found = reader(body)
        if found is not None:
            return found if found[1].get("title") else None
    found = _by_full_stops(body, any_calendar)
    return found if found is not None and found[1].get("title") else None
