"""Citations in the running text -- numbered ([3], [3, 5–7], superscripts) and author–year -- linked to the bibliography.

Takes the repaired lines, the lines that are not running text (bibliography,
notes, page furniture) and the parsed :class:`~citecheck.models.Reference`
list, and returns :class:`~citecheck.models.Citation` records:

* numbered styles (IEEE, Vancouver): each number in ``[3]``, ``[3, 5–7]``,
  ``[3]–[5]`` or a superscript ``³⁻⁵`` cites the entry labelled with it
  (every work of a compound reference: one Citation per work);
  citing a number again is normal. Numbers with no entry are ``not-listed``
  (a gap in the list's numbering) or ``out-of-range`` (above the last entry);
* author–year styles (APA, Harvard, Chicago author-date): ``(Smith 2020)``,
  ``Smith (2020, p. 4)``, ``(Smith & Jones, 2019; Lee, 2021a)``,
  ``Smith et al. (2019)``, ``(see Smith 2020, 12–14)`` are matched on the
  first author's surname and the year: ``not-listed``, ``year-mismatch``
  (cited 2019, listed 2020) or ``ambiguous`` when two entries fit equally;
* a number glued to a word (``overload8``), as a superscript becomes in a
  PDF's text, is ``uncertain``: it may be a citation or part of the word, so
  the entry it would cite is never reported as uncited with certainty.

Pure: no I/O, no network.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .models import Citation, Reference
from .parse.normalize import is_place
from .text import RUN_START, YEAR, fold, lazy_compile

__all__ = [
    "numbered_citations",
    "flattened_citations",
    "parenthesised_citations",
    "cited_in_order",
    "label_citations",
    "author_year_citations",
    "uncited",
    "glued_number",
    "GLUED_WORD",
    "cites_by_glued_numbers",
    "cite_number",
    "works_of",
    "KeyCite",
    "find_key_cites",
    "key_citations",
    "without_key_citations",
    "explicit_key_citation",
    "may_have_keys",
    "encoded_author_year",
]

# --------------------------------------------------------------------------- running text


@dataclass
class _Text:
    """The running text as one string, with the 1-based line of every offset."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, lines: list[str], skip: set[int]) -> "_Text":
        starts, parts, pos = [], [], 0
        for i, line in enumerate(lines):
            line = "" if i in skip else line
            starts.append(pos)
            parts.append(line)
            pos += len(line) + 1
        return cls("\n".join(parts), starts)

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def _printed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- numbered

_DASH = r"[-–—‐‑−]"  # (U+2212, the minus sign, is how ACS PDFs print a range: "3−5")
_RANGE_DASH = rf"(?:--|{_DASH})"  # (and TeX's en dash, '[1]--[3]', left in a converted source)
_NUM_ITEM = rf"\d{{1,3}}(?:\s*{_RANGE_DASH}\s*\d{{1,3}})?"
# a place in the cited work, IEEE style: [4, p. 212], [5, Sec. III], [7, Table 2], [10, Fig. 4]
# and the places of the languages a list is written in, each with its full stop: Russian
# GOST '[1, с. 45]', '[4, т. 1, с. 12]', German 'S. 7', 'Bd. 2', French 't. 2', Polish 's. 4',
# Czech/Croatian 'str. 9', Hungarian 'o. 3'; Russian 'вып. 45' (issue), 'кн. 2' (book), 'л. 12'
# (leaf), 'стр. 5'; German 'H. 3', 'Nr. 4'; Italian/Spanish 'cap. 3', 'pág. 12' -- the English
# words in either case ('fig. 2', 'chap. 4'), each whole ('Chap.' is no 'Ch' and a locator 'ap.')
_IN_WORK = (r"(?:\s*,\s*(?:(?i:pp?|sec|sect|ch|chap|fig|figs|table|tab|eq|eqs|thm|th|lem|lemma|def|prop|"
            r"cor|app|appendix|alg|algorithm|ex|example|part|vol|ser|no|nos|art|para|col)s?(?:\.|(?![^\W\d_]))"
            r"|(?:с|стр|т|ч|гл|стб|вып|кн|л|S|Bd|H|Nr|t|s|str|o|cap|pág|pag)\.)\s*[\w.–\-]{1,12})")
_IN_WORK_RE = lazy_compile(_IN_WORK)
_CITED_ITEM = rf"{_NUM_ITEM}{_IN_WORK}*"  # a number and the places in its work: '1, с. 45'
# [3] [3,5] [3, 5–7] [3; 5] [see 11] [1, с. 45; 2] -- never [^3] (Markdown) nor a definition
# "[3]:" at a line start
_BRACKET_RE = lazy_compile(
    rf"(?<!\^)\[\s*(?:(?:see\s+also|see|cf\.|e\.\s?g\.,?)\s+)?({_CITED_ITEM}(?:\s*[,;]\s*{_CITED_ITEM})*)"
    rf"\s*\](?!:)(?!\()"
)
# [3]–[5]: a range written as two brackets
_BRACKET_RANGE_RE = lazy_compile(rf"\[(\d{{1,3}})\]\s*{_RANGE_DASH}\s*\[(\d{{1,3}})\]")
# '[0]' alone after a space cites nothing the list has (an index is glued: 'a[0]')
_ZERO_RE = re.compile(r"(?<![^\s(])\[0\](?![:(\w])")
# physics' (AIP, APS) 'Ref. 6', 'Refs. 4 and 5', 'refs. 3-5', 'Refs. 2, 7, and 9'
_REF_WORD_RE = lazy_compile(
    rf"(?<![\w.])[Rr]efs?\.[ \t]?\n?[ \t]*({_NUM_ITEM}(?:(?:\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+){_NUM_ITEM})*)"
    r"(?![\w\-–]|[.,]\d)"
)
# an interval with a unit after it is a measurement: '[50, 60] Hz', '[2–5] ms', '[10, 90] %'
_UNIT_AFTER_RE = lazy_compile(
    r"\s?(?:[kMGTmµun]?(?:Hz|s|m|g|V|A|W|Pa|J|b|B|bit|bits)|min|h|dBm?|°C?|%|K|rpm|px|ppm|nm|µm)(?![\w])"
)
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans({c: str(i) for i, c in enumerate(_SUP)} | {"⁻": "-", "˒": ","})
_SUPER_RE = lazy_compile(rf"(?<=\S)([{_SUP}]+(?:\s?[⁻,˒]\s?[{_SUP}]+)*)")
# a number glued to a word: 'overload8 ' -- a superscript flattened by the PDF's text layer
# (a word of three letters or more, capitalised or not, in any alphabet: 'Cambodia1', 'maîtriser2')
GLUED_WORD = r"[^\W\d_][^\W\d_A-Z]{2,}"
_GLUED_RE = lazy_compile(rf"(?<![\w])({GLUED_WORD})(\d{{1,3}})(?=[\s,.;:)”\"’]|$)")
# a list or range glued so: 'adherence5–7', 'studies12,13' (read whole, uncertain as one number is)
GLUED_RANGE_MAX = 6  # the most works a range glued to a word is read as citing
_GLUED_GROUP_RE = lazy_compile(
    rf"(?<![\w])({GLUED_WORD})(\d{{1,3}}(?:(?:,|{_DASH})\d{{1,3}})+)(?=[\s.;:)”\"’]|,(?!\d)|$)")
_MAX_RANGE = 60  # [3–2019] is no range of citations


def _expand(spec: str) -> list[int] | None:
    """'3, 5–7' -> [3, 5, 6, 7]; None when a range is implausible."""
    out: list[int] = []
    for item in re.split(rf"{RUN_START}\s*[,;]\s*", spec.strip()):
        m = re.fullmatch(rf"(\d+)\s*{_RANGE_DASH}\s*(\d+)", item)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if not 0 < b - a <= _MAX_RANGE:
                return None
            out += range(a, b + 1)
        elif item.isdigit():
            out.append(int(item))
        else:
            return None
    return out


# a superscript flattened after punctuation, as Vancouver PDFs give it: 'care.4–6', 'units,2,3',
# '96%.7,9', 'late;5' -- the numbers run to a space, a bracket or the sentence's end
_FLAT_ITEM = rf"\d{{1,3}}(?:\s?{_DASH}\s?\d{{1,3}})?"
_FLAT_RE = lazy_compile(
    rf"(?<=[^\W\d_]|[)\]%’”\"])[.,;:]({_FLAT_ITEM}(?:,{_FLAT_ITEM})*)(?=[\s)\]]|[.,;:](?:\s|$)|$)"
)
_FLAT_WORD_RE = re.compile(r"([^\W\d_]+)\W*$")
# glued to a parenthesis of words: 'in intensive care (ICU)1,2 and', 'primary care (GP)3–5' (not
# '(a + b)2' nor '(x)2', a square)
_AFTER_PAREN_RE = lazy_compile(
    rf"\(([^\W\d_][^()\d\n=+*/^<>]{{1,58}})\)({_FLAT_ITEM}(?:,{_FLAT_ITEM})*)(?=[\s.,;:]|$)")
# after a year that ends a sentence: 'recommended since 2019.8 Patients' (or a decimal: uncertain)
_AFTER_YEAR_RE = lazy_compile(rf"(?<![\d.])(?:1[5-9]|20)\d\d\.({_FLAT_ITEM}(?:,{_FLAT_ITEM})*)(?=\s+[A-Z]|\s*$)")
# abbreviations whose number is a locator: 'p.5', 'Fig.3', 'vol.2', 'no.7'
_LOCATOR_WORDS = frozenset("p pp vol vols no nos nr ch chap fig figs art para n nn col cols sec eq "
                           "ref refs table tab s".split())


def flattened_citations(
    lines: list[str], skip: set[int], by_label: Mapping[int, str | Sequence[str]], highest: int
) -> list[Citation]:
    """Numbers printed after punctuation ('care.4–6', 'units,2,3'): superscripts a PDF flattened.

    For a document that cites by number without brackets or superscript
    digits. Every number of a list or a range is read; a number far above
    the list's last ('1,482' is a count) is no citation.
    """
    t = _Text.of(lines, skip)
    out: list[Citation] = []
    for m in _FLAT_RE.finditer(t.text):
        word = _FLAT_WORD_RE.search(t.text[max(0, m.start() - 20):m.start()])
        if word and word.group(1).lower() in _LOCATOR_WORDS:
            continue
        nums = _expand(m.group(1))
        if not nums or 0 in nums or max(nums) > highest + 10:
            continue
        line = t.line(m.start(1))
        printed = _printed(t.text[max(0, m.start() - 12):m.end()])
        for n in nums:
            out += cite_number(line, printed, n, by_label, highest)
    for m in _AFTER_PAREN_RE.finditer(t.text):
        nums = _expand(m.group(2))
        if len(re.sub(r"\W", "", m.group(1))) < 2 or not nums or 0 in nums or max(nums) > highest + 10:
            continue
        for n in nums:
            out += cite_number(t.line(m.start(2)), _printed(m.group(0)), n, by_label, highest)
    for m in _AFTER_YEAR_RE.finditer(t.text):
        nums = _expand(m.group(1))
        if not nums or 0 in nums or max(nums) > highest:
            continue
        printed = _printed(t.text[max(0, m.start() - 12):m.end()])
        for n in nums:
            out += cite_number(t.line(m.start(1)), printed, n, by_label, highest, uncertain=True,
                               why="a number after a year: maybe a citation, maybe a decimal")
    return out


_SEE = r"(?:(?:but\s+)?see(?:\s+also)?\s+|cf\.\s+)?"
# '(4-6)', '(2,3)', '(19-20; but see 21)'
_PAREN_NUM_RE = lazy_compile(rf"\({_SEE}({_FLAT_ITEM}(?:\s?[,;]\s?{_SEE}{_FLAT_ITEM})*)\)")
# 'Eq. (3)', 'step (2)', 'condition (2)' name a thing of the text itself
_NAMING = frozenset(
    "eq eqs equation equations fig figs figure figures table step stage phase lemma theorem item "
    "condition criterion no nr number formula rule section chapter hypothesis question option".split()
)
_JOINING = frozenset("and or nor und oder et ou y".split())
_ABBREVIATION = frozenset("al ref refs cf eg ie etc".split())


def parenthesised_citations(
    lines: list[str], skip: set[int], by_label: Mapping[int, str | Sequence[str]], highest: int
) -> list[Citation]:
    """Vancouver numbers in parentheses: 'over 65 (1).', 'deficiency (2,3)', 'weakness (4-6)'.

    For a document that cites by number without brackets or superscripts
    (whether it does is for :func:`cited_in_order` to say). An enumeration
    item -- one number, then a word, after a colon, a comma, 'and' or at a
    paragraph's start: 'questions: (1) does ..., (2) at what dose, and (3) in
    whom' -- is not read, nor 'Eq. (3)', nor a number after a number unless
    it ends the clause ('71 (8) years' is a mean and its deviation; 'over 65
    (1).' a citation).
    """
    t = _Text.of(lines, skip)
    out: list[Citation] = []
    for m in _PAREN_NUM_RE.finditer(t.text):
        before = t.text[max(0, m.start() - 40):m.start()]
        stripped = before.rstrip()
        after = t.text[m.end():m.end() + 3]
        opens = not stripped or "\n\n" in before[len(stripped):]
        word = re.search(r"([^\W\d_]+)\W*$", stripped)
        prev = word.group(1).lower() if word and stripped[-1].isalpha() else ""
        abbreviated = bool(word) and stripped[-1] == "." and word.group(1).lower() in _ABBREVIATION
        if m.group(1).isdigit() and re.match(r"\s[^\W\d_]", after) and after[1:2].islower() and (
            opens or stripped[-1] in ":;," or prev in _JOINING
        ):
            continue  # an enumeration item
        single = m.group(1).isdigit()
        if opens or (stripped[-1] in ".!?" and not abbreviated) or (single and prev in _NAMING):
            continue  # a sentence's start; 'Eq. (3)' -- but 'et al. (31)' and 'step (23,24)' cite
        if stripped[-1].isdigit() and not re.search(rf"\b{YEAR}$", stripped) and not re.match(
            r"[.,;:]|\s*$|\n", after
        ):
            continue  # 'Hagege 2007 (64) and' is a citation after a year
        nums = _expand(re.sub(_SEE, "", m.group(1)))
        if not nums or 0 in nums or max(nums) > highest + 10:
            continue
        line = t.line(m.start())
        for n in nums:
            out += cite_number(line, m.group(0), n, by_label, highest)
    return out


def cited_in_order(cites: list[Citation], entries: int) -> bool:
    """Do these numbers read as a Vancouver text's citations, numbered by first citation?

    Numbers in parentheses are also equations ('(1)' alone on a line), compounds
    ('ambreinolide (1)') and bands ('the five bands (1-5)'). Citations cite
    most of the list, and each number is first cited after the ones below it:
    at least half the entries are cited, and four in five first citations come
    no more than two above the highest number cited before.
    """
    first: list[int] = []
    for c in cites:
        if c.status == "linked" and c.number is not None and c.number not in first:
            first.append(c.number)
    if len(first) < max(2, entries / 2):
        return False
    in_order = sum(n <= max(first[:i], default=0) + 2 for i, n in enumerate(first))
    return in_order >= 0.8 * len(first)


def _identifiers(glued: list[re.Match[str]], lines: list[str]) -> set[str]:
    """Glued tokens that are names, not flattened superscripts: 'lme4', 'sul1', 'log2', 'ggplot2'.

    A name is written the same way again ('dae8' six times), or its letters are
    no common word ('sul', 'stx', 'chr': Zipf frequency under 3 in English, when
    the text is English). 'overload8' once is a word with a number glued to it.
    """
    if not glued:
        return set()
    from .repair.words import written_in, zipf

    seen = Counter(m.group(0) for m in glued)
    english = written_in(lines, "en")
    return {m.group(0) for m in glued
            if seen[m.group(0)] > 1 or (english and zipf(m.group(1), "en") < 3.0)}


def glued_number(word: str) -> tuple[str, int] | None:
    """'overload8' -> ('overload', 8): a number glued to a word, maybe a flattened superscript."""
    m = _GLUED_RE.fullmatch(word)
    return (m.group(1), int(m.group(2))) if m else None


def cites_by_glued_numbers(found: list[Citation], entries: int) -> bool:
    """Is every number of this text glued to a word, as a text that cites so (Nature-style)?

    A PDF's text layer glues a superscript set before the punctuation to its
    word: 'in western Cambodia1,2, has spread … subregion3'. One such number is
    a doubt ('overload8'); a text with no other numbered citation whose glued
    numbers come in the order of first citation (:func:`cited_in_order`) and
    cite most of the list cites by them.
    """
    if any(c.status != "uncertain" for c in found):
        return False
    glued = [c.model_copy(update={"status": "linked"}) for c in found if c.number is not None]
    return cited_in_order(glued, entries)



class _Spans:
    """Disjoint (start, end) spans of a text, kept sorted, so that whether a new span
    overlaps one is asked in log time (a list scanned per citation was quadratic in the
    citations of a document)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, a: int, b: int) -> bool:
        """No span overlaps [a, b): the last span starting before b ends by a."""
        k = bisect_left(self._starts, b)
        return k == 0 or self._ends[k - 1] <= a

    def add(self, a: int, b: int) -> None:
        k = bisect_left(self._starts, a)
        self._starts.insert(k, a)
        self._ends.insert(k, b)


def numbered_citations(
    lines: list[str], skip: set[int], by_label: Mapping[int, str | Sequence[str]], highest: int,
    glued_cite: bool = False,
) -> list[Citation]:
    """Every numbered citation in the running text, one per cited number and work.

    (A compound reference's number cites each of its works: see :func:`cite_number`.)
    ``by_label`` maps an entry's printed number to its key (or to the keys of a
    compound reference's works, each of which the number cites); ``highest`` is the
    last number the list uses. Lines in ``skip`` (0-based) are not running text.
    ``glued_cite``: the text cites by numbers glued to words
    (:func:`cites_by_glued_numbers`), so those are citations, not doubts; one
    above the list's last number is read only as the next new number cited.
    """
    t = _Text.of(lines, skip)
    found: list[tuple[int, str, list[int], bool]] = []  # (offset, printed, numbers, uncertain)
    taken = _Spans()
    free = taken.free

    for m in _BRACKET_RANGE_RE.finditer(t.text):
        nums = _expand(f"{m.group(1)}-{m.group(2)}")
        if nums:
            found.append((m.start(), m.group(0), nums, False))
            taken.add(*m.span())
    for m in _BRACKET_RE.finditer(t.text):
        nums = _expand(_IN_WORK_RE.sub("", m.group(1)))
        if len(nums or []) > 1 and _UNIT_AFTER_RE.match(t.text, m.end()):
            continue  # '[50, 60] Hz' is an interval
        if nums and 0 not in nums and free(*m.span()):  # [0, 1] is an interval, not citations
            found.append((m.start(), _printed(m.group(0)), nums, False))
            taken.add(*m.span())
    for m in _REF_WORD_RE.finditer(t.text):
        nums = _expand(re.sub(r"\s*,?\s*(?:and|&)\s+", ",", m.group(1)))
        if nums and free(*m.span()):
            found.append((m.start(1), _printed(m.group(0)), nums, False))
            taken.add(*m.span())
    for m in _ZERO_RE.finditer(t.text):
        if free(*m.span()):
            found.append((m.start(), m.group(0), [0], False))
    for m in _SUPER_RE.finditer(t.text):
        nums = _expand(m.group(1).translate(_SUP_TO_DIGIT).replace(" ", ""))
        if nums:
            found.append((m.start(), m.group(1), nums, False))
    limit = highest + 1 if glued_cite else highest
    # a long range glued to a word is a quantity ('aged5-12', 'grade3-4' too short to tell):
    # a flattened superscript range cites a few works ('adherence5–7'), never a dozen
    groups = [(m, nums) for m in _GLUED_GROUP_RE.finditer(t.text)
              if (nums := _expand(m.group(2))) and len(nums) <= GLUED_RANGE_MAX
              and all(0 < n <= limit for n in nums)]
    in_group = _Spans()
    for g, _ in groups:
        in_group.add(*g.span())
    glued = [m for m in _GLUED_RE.finditer(t.text) if 0 < int(m.group(2)) <= limit
             and in_group.free(m.start(), m.start() + 1)]
    names = _identifiers(glued + [g for g, _ in groups], lines)
    for m in glued:
        if glued_cite or m.group(0) not in names:
            found.append((m.start(2), m.group(0), [int(m.group(2))], True))
    for m, nums in groups:
        if glued_cite or m.group(0) not in names:
            found.append((m.start(2), m.group(0), nums, True))
    found.sort(key=lambda f: f[0])
    out: list[Citation] = []
    top = 0
    for offset, printed, numbers, glued in found:
        line = t.line(offset)
        for n in numbers:
            if glued and glued_cite and (n > top + 1 or (n <= top and printed in names)):
                # in a text that cites so, the next new number is a citation whatever the
                # word ('subregion3'); a number ahead of the order is a name or a quantity
                # ('Pfkelch13' before [8] is cited), and so is one cited before, written as
                # a name is ('lme4' twice, 'kelch13')
                continue
            out += cite_number(line, printed, n, by_label, highest, uncertain=glued and not glued_cite)
            top = max(top, n)
    return out


def works_of(value: str | Sequence[str] | None) -> list[str]:
    """The keys a label maps to: one entry's, or every work of a compound reference's."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def cite_number(
    line: int, printed: str, n: int, by_label: Mapping[int, str | Sequence[str]], highest: int,
    uncertain: bool = False, why: str = "a number glued to a word: maybe a citation",
) -> list[Citation]:
    """The citations one cited number makes: one per work its entry cites.

    A compound reference ("[3] A, Z. Phys. C 46 (1990); B, Phys. Rev. D 41
    (1990).") is one entry per work under one number, so "[3]" cites each of
    them. A number no entry has is one citation with its problem.
    """
    keys = works_of(by_label.get(n))
    if uncertain:
        status, detail = "uncertain", why
    elif keys:
        status, detail = "linked", None
    elif n == 0 or n > highest:
        status, detail = "out-of-range", f"the list is numbered up to {highest}"
    else:
        status, detail = "not-listed", f"no entry is numbered {n}"
    return [Citation(kind="numbered", line=line, text=printed, number=n, cites=key, status=status,
                     detail=detail) for key in keys or [None]]


# --------------------------------------------------------------------------- label keys

# [KLM19] [Smi+20] [CE81] [BCM+92] [Lee 2015] [Lee15a]: letters, then a two- or four-digit year
LABEL_KEY = r"[A-Z][A-Za-z+\-]{0,11}(?:\s(?:et\sal\.\s)?)?(?:\d{2}|\d{4})[a-z]?"
_LABEL_KEY_RE = re.compile(LABEL_KEY)
_LABEL_GROUP_RE = re.compile(r"(?<!\^)\[([^\[\]\n]{2,80})\](?!:)(?!\()")
# a place in a work, as a key's locator: 'Theorem 3', 'Lemma 2.1', 'p. 12', 'pp. 4–6', 'Sec. 4',
# 'Chapter 2', 'Appendix B', 'Eq. (7)', or a bare page '12'
_KEY_PLACE_RE = lazy_compile(
    r"(?:pp?|Sec|Sect|Section|Ch|Chap|Chapter|Fig|Figure|Table|Tab|Eq|Equation|Thm|Theorem|Lem|Lemma|"
    r"Cor|Corollary|Prop|Proposition|Def|Definition|Claim|Remark|Rem|Example|Ex|Alg|Algorithm|"
    r"App|Appendix|Part|Vol|Obs|Observation|Fact|Conj|Conjecture|Prob|Problem|§)s?\.?\s*"
    r"\(?[\dA-Z][\w.]{0,8}\)?(?:\s*[-–]\s*\(?[\dA-Z][\w.]{0,8}\)?)?"
    r"|\d{1,4}(?:\s*[-–]\s*\d{1,4})?"
)


def label_citations(
    lines: list[str], skip: set[int], by_label: Mapping[str, str | Sequence[str]]
) -> list[Citation]:
    """Every label-key citation (``[KLM19]``, ``[CE81, Lam94]``) in the running text.

    ``by_label`` maps an entry's printed key to its entry key. A bracket is a
    citation when every part of it is a key of the list or has a key's shape
    (then it is ``not-listed``); ``[sic]`` or ``[emphasis added]`` are not.
    """
    t = _Text.of(lines, skip)
    out: list[Citation] = []
    for m in _LABEL_GROUP_RE.finditer(t.text):
        parts = [p.strip() for p in re.split(rf"{RUN_START}\s*[;,]\s*", m.group(1))]
        # a place in the work after its key: '[KLM19, Theorem 3]', '[BK96, p. 12; ST11, Sec. 4]'
        parts = [p for k, p in enumerate(parts)
                 if not (k and p not in by_label and _KEY_PLACE_RE.fullmatch(p))]
        if not parts or not all(p in by_label or _LABEL_KEY_RE.fullmatch(p) for p in parts):
            continue
        line = t.line(m.start())
        for p in parts:
            keys = works_of(by_label.get(p))  # (each work of a compound reference)
            out += [Citation(
                kind="label", line=line, text=_printed(m.group(0)), label=p, cites=key,
                status="linked" if key else "not-listed",
                detail=None if key else f"no entry is labelled [{p}]",
            ) for key in keys or [None]]
    return out


# --------------------------------------------------------------------------- author-year

# Latin capitals (the extended block mixes cases: checked with isupper), Cyrillic and Greek ones
_UP = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄҐΑ-Ω"
# particles, also capitalised at a sentence's start ('Van der Berg', 'De la Cruz') and as
# Irish, Scottish and saints' names have them ('Ó Gráda', 'Mac Cana', 'St. John')
_PARTICLE = (
    r"(?:\b(?:[vV]an|[vV]on|[dD]e|[dD]er|[dD]en|[dD]a|[dD]i|[dD]u|[lL]a|[lL]e|[dD]el|[dD]ella|[dD]os|[dD]as|"
    r"[tT]er|[tT]en|al|el|bin|ibn|Ó|Ó|Ní|Mac|Mc|St\.|Ste\.)\s+)"
)
# one way only to read a name (no nested choices): backtracking stays linear on long texts
_SURNAME = rf"(?:{_PARTICLE}{{0,2}}(?:[DOdl]['’]|a[lr]-|el-)?[{_UP}][\w'’\-]+)"
# 'and' in the languages a list is written in: Italian and Portuguese 'e', Catalan and Polish
# 'i', Danish/Norwegian 'og', Swedish 'och', Dutch 'en' (between two capitalised names only)
_AND = r"(?:&|and|und|et|y|e|i|og|och|en|ve|и|та|і|και)"  # (Russian, Ukrainian, Greek last)
# 'et al.' and the same in other languages: German 'u. a.', Turkish 'vd.' / 've ark.', Dutch
# 'e.a.', Swedish 'm.fl.', Polish 'i in.', Czech 'a kol.', Spanish 'y col.' / 'y otros'
_ET_AL = (r"(?:et\s+al\.?|u\.\s?a\.|vd\.|ve\s+ark\.|e\.\s?a\.|m\.\s?fl\.|i\s+in\.|a\s+kol\.|y\s+col\.|y\s+otros"
          r"|и\s+др\.|та\s+ін\.|κ\.\s?ά\.)")  # (Russian 'и др.', Ukrainian 'та ін.', Greek 'κ.ά.')
_ET_AL_END_RE = re.compile(rf"{RUN_START}\s+{_ET_AL}$")
_AUTHORS = (
    rf"(?<![\w'’\-.]){_SURNAME}(?:\s*[,/]\s*{_SURNAME})*(?:\s*,?\s+{_AND}\s+{_SURNAME})?"
    rf"(?:\s+{_ET_AL})?"
)
# a surname of two words (Spanish and Portuguese double surnames: 'Revel Chion', 'Álvarez
# Angulo'): read so after 'and' in the text ('Navarro y Revel Chion (2013)': the first name may
# be a sentence's word, 'Según Carlino (2013)'), and anywhere inside brackets, where only names are
_DOUBLE = rf"(?:{_SURNAME}(?:\s+[{_UP}][\w'’\-]+)?)"
_AUTHORS_DOUBLE_AFTER = (
    rf"(?<![\w'’\-.]){_SURNAME}(?:\s*[,/]\s*{_DOUBLE})*(?:\s*,?\s+{_AND}\s+{_DOUBLE})?"
    rf"(?:\s+{_ET_AL})?"
)
# (a double name first only in a list of names: '(Álvarez Angulo y García Parejo, 2015)'; alone,
# '(Beltrán Soler, 2016)' is read as a group's name is, and only when listed: '(New York, 2020)')
_AUTHORS_DOUBLE = (
    rf"(?<![\w'’\-.])(?:{_DOUBLE}(?:\s*[,/]\s*{_DOUBLE})*\s*,?\s+{_AND}\s+{_DOUBLE}"
    rf"|{_SURNAME}(?:\s*[,/]\s*{_DOUBLE})*(?:\s*,?\s+{_AND}\s+{_DOUBLE})?)"
    rf"(?:\s+{_ET_AL})?"
)
# a work with no date or not yet out: 'n.d.', 'in press', 'forthcoming', German 'o. J.', French 's. d.'
_NO_DATE = r"(?:n\.\s?d\.|in\s+press|forthcoming|o\.\s?J\.|s\.\s?d\.)"
_YEAR_ITEM = rf"(?:{YEAR}[a-z]?|{_NO_DATE})"
_YEAR_ITEM_RE = re.compile(_YEAR_ITEM)
# (a later work of the same year by its letter alone: '2021a, b', '2019a,b,c')
_YEARS = rf"{_YEAR_ITEM}(?:\s*,\s*(?:{_YEAR_ITEM}|[a-z](?![\w.])))*"
_YEAR_OR_LETTER_RE = re.compile(rf"{_YEAR_ITEM}|(?<![\w.])[a-z](?![\w.])")


def _years(text: str) -> list[str]:
    """The years a citation gives: '2021a, b' -> ['2021a', '2021b']; '2019, 2020' as printed."""
    out: list[str] = []
    for m in _YEAR_OR_LETTER_RE.finditer(text):
        item = m.group(0)
        if len(item) == 1:  # a letter alone: the year before it, with this letter
            if not out or not re.fullmatch(rf"{YEAR}[a-z]", out[-1]):
                continue
            item = out[-1][:-1] + item
        out.append(item)
    return out
# a page or other place: 'p. 4', 'pp. 12–14', German 'S. 7 f.', 'Kap. 3', French 't. 2, p. 45',
# Turkish/Polish/Scandinavian 's. 42', Spanish 'pág. 12', 'cap. 3', Czech 'str. 9', Russian 'с. 5'
_PLACE = (r"(?:pp?|ch|chap|sec|fig|para|vol|S|Bd|Kap|Abs|Abb|Anm|Rn|t|n|no|s|ss|str|pág|págs|pag|cap"
          r"|blz|с|т)\.")
_LOCATOR = (  # (a volume and its page, Chicago: '(Ascher 1988, 2:14)')
    rf"(?:\s*[,:]\s*(?:{_PLACE}\s*)?\d[\d\s–\-,]*(?::\d[\d\s–\-,]*)?(?:ff?\.?)?"
    rf"(?:,\s*{_PLACE}\s*\d[\d\s–\-]*(?:ff?\.?)?)?)?"  # 't. 2, p. 45': a second place, named
)
# 'see', 'cf.', and the same in German ('vgl.', 's. auch', 'siehe', 'z. B.') and French ('voir')
_PREFIX = (
    r"(?:(?:see\s+also|see|e\.\s?g\.|cf\.|i\.\s?e\.|compare|as\s+in|vgl\.(?:\s+auch)?|"
    r"s\.\s+auch|s\.|siehe(?:\s+auch)?|z\.\s?B\.|etwa|u\.\s?a\.|voir(?:\s+aussi)?|par\s+ex\.)\s*,?\s*)?"
)

# words before the name inside the brackets: '(a finding replicated by Young, 2015)', '(as shown
# by Hysing, 2015)', '(reviewed in Smith, 2020)' -- lower-case words, never a name's particle
_LEAD_IN = rf"(?:(?:(?!{_PARTICLE})[a-z][a-z'’\-]*,?\s+){{1,8}})?"
_PAREN_RE = re.compile(r"\(([^()]{4,400})\)")
_PART_RE = re.compile(
    rf"^{_LEAD_IN}{_PREFIX}(?P<authors>{_AUTHORS_DOUBLE})(?:['’]s)?\s*,?\s+(?P<years>{_YEARS}){_LOCATOR}\s*$")
# a group's name: 'World Health Organization, 2020', 'Ministry of Education 2019' -- taken only
# when it names a listed entry (a place, 'New York, 2020', is no citation)
_CORPORATE_RE = re.compile(
    rf"^{_LEAD_IN}{_PREFIX}(?P<authors>[{_UP}][\w'’\-]+(?:\s+(?:(?:of|for|and|on|the|in|&|de|des|du|für|der|die|und)\s+)?"
    rf"[{_UP}][\w'’\-]+)+)(?:\s+\([A-Z]{{2,}}\)|\s+\[[A-Z]{{2,}}\]|\s+{_ET_AL})?\s*,?\s+(?P<years>{_YEARS})"
    rf"{_LOCATOR}\s*$"
)
_BARE_YEARS_RE = lazy_compile(rf"^(?P<years>{_YEARS}){_LOCATOR}\s*$")
_OPEN_YEAR_RE = re.compile(rf"\(\s*(?:{YEAR}|{_NO_DATE})")
_NARRATIVE_RE = re.compile(
    rf"(?P<authors>{_AUTHORS_DOUBLE_AFTER})(?:['’]s)?(?:\s+\[[A-Z]{{2,}}\])?\s+\((?P<years>{_YEARS}){_LOCATOR}\s*\)"
)
# capitalised words that are not surnames but may stand before a year
_NOT_NAMES = frozenset(fold(w) for w in (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter "
    "the a an in on at by for from to of and or see also this that these those since until "
    "table figure fig section chapter part volume vol page pp appendix eq equation "
    "monday tuesday wednesday thursday friday saturday sunday "
    "january revolution war congress conference act report census edition"
).split())


def _surnames(authors: str) -> list[str]:
    names = re.split(rf"{RUN_START}(?:\s*[,/]\s*|\s+{_AND}\s+)", _ET_AL_END_RE.sub("", authors))
    return [re.sub(r"['’]s$", "", n.strip()) for n in names if n.strip()]


@dataclass
class _Cited:
    offset: int
    printed: str
    surnames: list[str]
    years: list[str]
    corporate: bool = False  # a group's name: a citation only when it names a listed entry
    capitals: bool = False  # a name printed in capitals ('(SILVA, 2010)', ABNT)


# 'American Psychological Association [APA]', '(World Health Organization [WHO], 2020)', and
# narrative 'the World Health Organization (WHO, 2020)': the abbreviation, or it and the year
_ABBREVIATION_RE = re.compile(rf"[\[(]([A-Z]{{2,8}})(?:[\])]|,\s*(?={YEAR}|{_NO_DATE}))")
_NAME_WORDS_RE = re.compile(rf"[{_UP}][\w'’\-]+|of|for|and|on|the|in|&")


def abbreviations(text: str) -> dict[str, str]:
    """Group names the text abbreviates: 'American Psychological Association [APA]' -> APA.

    The abbreviation must be the initials of the capitalised words just before it, or of
    all but the last: a group renamed keeps its old one ('Centers for Disease Control and
    Prevention [CDC]').
    """
    out: dict[str, str] = {}
    for m in _ABBREVIATION_RE.finditer(text):
        abbr = m.group(1)
        if abbr in out:
            continue
        words = [w.lstrip("([") for w in text[max(0, m.start() - 160):m.start()].split()]
        caps: list[int] = []
        for i in range(len(words) - 1, -1, -1):  # walk back over the name's words
            if not _NAME_WORDS_RE.fullmatch(words[i]) or len(caps) > len(abbr) + 1:
                break
            if words[i][:1].isupper():
                caps.append(i)
        caps.reverse()
        initials = ["".join(words[i][0] for i in caps[k:]) for k in range(len(caps))]
        k = next((k for k, x in enumerate(initials) if x == abbr), None)
        if k is None:
            k = next((k for k, x in enumerate(initials) if len(x) == len(abbr) + 1 and x.startswith(abbr)), None)
        if k is not None:
            out[abbr] = " ".join(words[caps[k]:])
    return out


def _candidates(t: _Text, abbr: dict[str, str] | None = None) -> list[_Cited]:
    abbr = abbr or {}
    out: list[_Cited] = []
    spans: list[tuple[int, int]] = []
    for m in _PAREN_RE.finditer(t.text):
        inner = m.group(1)
        if not _YEAR_ITEM_RE.search(inner):
            continue
        last: list[str] | None = None
        joined: tuple[int, list[str]] | None = None  # ABNT's '(COSTA; LIMA, 2018)': authors so far
        for pm in re.finditer(r"[^;]+", inner):
            raw = pm.group(0)
            part = _printed(raw)
            p = _PART_RE.match(part)
            lead = len(raw) - len(raw.lstrip())
            q = _PART_RE.match(raw.strip()) if p else None
            # the line of the author's name ('(see\nalso Clinton, 2019)' is on Clinton's line)
            at = m.start(1) + pm.start() + lead + (q.start("authors") if q else 0)
            if not p and _CAPITALS_RE.fullmatch(part):
                # a name in capitals with no year: ABNT separates a work's authors by ';'
                joined = (joined[0] if joined else at, (joined[1] if joined else []) + [part])
                continue
            pending, joined = joined, None
            if p:
                last = _surnames(p.group("authors"))
                if pending and all(_capitals(n) for n in last):
                    at, last = pending[0], pending[1] + last
                    part = _printed(inner[inner.index(pending[1][0]):pm.end()])
                out.append(_Cited(at, _printed(f"({inner})") if ";" not in inner else part,
                                  last, _years(p.group("years"))))
                spans.append(m.span())
            elif last and (b := _BARE_YEARS_RE.match(part)):  # (Smith 2019; 2020)
                out.append(_Cited(at, part, last, _years(b.group("years"))))
            elif cm := _CORPORATE_RE.match(part):
                last = [cm.group("authors")]
                cq = _CORPORATE_RE.match(raw.strip())
                at = m.start(1) + pm.start() + lead + (cq.start("authors") if cq else 0)
                out.append(_Cited(at, _printed(f"({inner})") if ";" not in inner else part, last,
                                  _years(cm.group("years")), corporate=True))
                spans.append(m.span())
    # 'Smith (2020)': looked for only just before an opening bracket and a year
    done = -1
    for y in _OPEN_YEAR_RE.finditer(t.text):
        for m in _NARRATIVE_RE.finditer(t.text, max(done + 1, y.start() - 200), y.start() + 120):
            if m.start("years") < y.start() or t.text.rfind("(", 0, m.start("years")) != y.start():
                continue
            done = m.end()
            if not any(a <= m.start() < b for a, b in spans):
                out.append(_Cited(m.start(), _printed(m.group(0)), _surnames(m.group("authors")),
                                  _years(m.group("years"))))
            break
    # '(APA, 2021)': a group's abbreviation the text spelt out earlier
    out = [_Cited(c.offset, c.printed, [abbr[c.surnames[0]], *c.surnames[1:]], c.years, corporate=True)
           if c.surnames and c.surnames[0] in abbr else c for c in out]
    # a name in capitals ('(SILVA, 2010)', ABNT) is a citation only when it names a listed
    # entry, as a group's name is: '(NASA, 2019)' or '(WHO, 2020)' may be no author at all
    out = [_Cited(c.offset, c.printed, c.surnames, c.years, corporate=True, capitals=True)
           if c.surnames and not c.corporate and _capitals(c.surnames[0]) else c for c in out]
    out = [c for c in out if c.surnames and (c.corporate or _is_name(c.surnames[0]))]
    out.sort(key=lambda c: c.offset)
    return out


_CAPITALS_RE = re.compile(rf"[{_UP}][{_UP}'’\-]+(?:\s+[{_UP}][{_UP}'’\-]+)?")


def _capitals(name: str) -> bool:
    """'SILVA', 'DA COSTA': a surname printed in capitals (two letters at least)."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _is_name(surname: str) -> bool:
    last = re.sub(r"^(?:[dl]['’]|a[lr]-|el-)", "", surname.split()[-1])  # d'Alembert, al-Farabi
    return last[:1].isupper() and last != last.upper() and fold(last) not in _NOT_NAMES


@dataclass
class _Work:
    key: str
    first: set[str]  # folded forms of the first author's surname (and the entry's first word)
    others: list[str]  # folded surnames of the other authors
    year: str | None
    suffix: str  # "a" in "2021a", else ""
    years: set[str]  # every plausible year printed in the entry (the parser may miss the year)
    no_date: set[str]  # "no date", "in press": what the entry prints instead of a year
    lead: str = ""  # the entry's author list as printed, folded (its first 120 characters)
    line: int | None = None  # the entry's first line


def _no_date(text: str) -> set[str]:
    """'n.d.', 'o. J.', 's. d.' -> 'no date'; 'in press', 'forthcoming' -> 'in press'."""
    out = set()
    for m in re.finditer(rf"(?<![\w.]){_NO_DATE}", text):  # 'S. D.' initials are no 's. d.'
        out.add("in press" if m.group(0)[:1].lower() in "if" else "no date")
    return out


def _family_keys(name: str) -> set[str]:
    """Folded forms a surname may take: 'van Dijk' -> {'van dijk', 'dijk'}."""
    f = fold(name).replace("’", "'")
    words = f.split()
    return {f, words[-1]} if words else set()


def _cited_keys(name: str) -> set[str]:
    """The folded forms a cited surname names; a double surname ('Revel Chion', 'Álvarez
    Angulo') only whole: 'Santos Alves' is not 'Rodrigues Alves' (but 'van Dijk' is 'Dijk')."""
    words = name.split()
    if len(words) == 2 and words[0][:1].isupper() and not re.fullmatch(_PARTICLE, words[0] + " "):
        return {fold(name).replace("’", "'")}
    return _family_keys(name)


# the entry's first word after its label: a surname the parser may have missed, or an organisation
_LEAD_WORD_RE = re.compile(r"^\W*(?:\[[^\]]{1,12}\]\s*|\d{1,4}[.)]\s+)?([^\W\d_][\w'’\-]+)")


# the entry's surname as printed before its first comma, when it has several words
# (Spanish and Portuguese double surnames): '(Beltrán Soler, 2016)' names it whole
_LEAD_NAME_RE = re.compile(
    rf"^\W*(?:\[[^\]]{{1,12}}\]\s*|\d{{1,4}}[.)]\s+)?([{_UP}][\w'’\-]+"
    rf"(?:\s+(?:(?:de|del|la|las|los|da|das|do|dos|y|i|e)\s+)*[{_UP}][\w'’\-]+){{1,2}})\s*,"
)


# a dash or rule in place of the author: the same author(s) as the entry above
# (a rule's last dash, or last two hyphens, is enough: the dashes before it are \\W; so a
# line of dashes is one scan, not one per dash)
_DITTO_RE = re.compile(r"^\W*?(?:[—–]|--|_{2,})\s*+[.,(]")


def _works(references: list[Reference]) -> list[_Work]:
    out: list[_Work] = []
    for ref in references:
        if not ref.key:
            continue
        people = ref.fields.author or ref.fields.editor
        first: set[str] = set()
        if people:
            first |= _family_keys(f"{people[0].prefix} {people[0].family}".strip())
        lead = _LEAD_WORD_RE.match(ref.raw)
        if lead:
            first |= _family_keys(lead.group(1))
        name = _LEAD_NAME_RE.match(ref.raw)
        if name:  # 'Beltrán Soler, M.', 'García de la Torre, J.': a surname of several words
            first.add(fold(re.sub(r"\s+", " ", name.group(1))).replace("’", "'"))
        if out and _DITTO_RE.match(ref.raw):  # '——— (2016).': the author of the entry above
            first |= out[-1].first
        others = [fold(p.family) for p in people[1:]]
        year = ref.fields.year  # never guessed from the text: the first number may be a page
        m = re.search(rf"\b{year}([a-z])\b", ref.raw) if year else None
        out.append(_Work(ref.key, first, others, year, m.group(1) if m else "",
                         set(re.findall(rf"\b({YEAR})[a-z]?\b", ref.raw)) | ({year} if year else set()),
                         _no_date(ref.raw), " ".join(fold(ref.raw[:120]).split()), ref.line))
    return out


def _whole_name(t: _Text, c: _Cited, first: str, works: list[_Work], line: int) -> tuple[str, int]:
    """The cited name as the list gives it, and the line it starts on.

    'Ministry of\nEducation (2019)' is read from 'Education': when a listed
    name ends so and the words just before it are the rest of that name, the
    citation starts there. 'Die Befunde von Weber (1921)': 'von' is the
    sentence's, not the name's, when the list has a plain 'Weber'.
    """
    folded = fold(_printed(first))
    if " " in folded and first[:1].islower() and works and not any(folded in w.first for w in works):
        first = first.split()[-1]
        folded = fold(first)
        at = t.text.find(first, c.offset)
        if at >= 0:  # 'lettura di\nCroce (1911)': the citation is on the surname's line
            line = t.line(at)
    for w in works:
        for k in sorted(w.first, key=len, reverse=True):
            if not k.endswith(" " + folded):
                continue
            n = len(k.split()) - len(folded.split())
            m = re.search(rf"((?:\S+\s+){{{n}}})$", t.text[max(0, c.offset - 200):c.offset])
            if n <= 6 and m and fold(re.sub(r"\s+", " ", m.group(1))) == k[: -len(folded)]:
                start = max(0, c.offset - 200) + m.start(1)
                return _printed(m.group(1)) + " " + first, t.line(start)
    return first, line


# words that put a place before it: 'in London (2019)', 'at Cambridge (2015)', 'в Москве (2019)',
# 'во Владивостоке', 'на Сахалине', 'из Казани', German 'aus Köln', French 'à Lyon', Spanish
# 'en Madrid' ('bei Weber (1921)', Russian 'у Иванова': a work's author, not listed here)
_PLACE_WORDS = frozenset(
    "in at from near across around outside within throughout "
    "в во на из под около близ aus à en em".split())
_WORD_BEFORE_RE = lazy_compile(r"(?<![\w'’\-])([^\W\d_]+)\s+$")
# Russian case endings of a name that is not in the nominative: 'Москве', 'Санкт-Петербурге',
# 'Казани', 'Иванова' (genitive), 'Лотманом', 'Выготского', 'Петровой'
_CYRILLIC_RE = lazy_compile(r"[а-яё]", re.IGNORECASE)
# (as printed, 'й' kept: nominative 'Достоевский', 'Толстой', 'Петровская' are none of these;
# nor 'Бах', 'Шоу', 'Камю', which a place after 'в' or 'на' is read by its preposition)
_OBLIQUE_ENDINGS = ("ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ом", "ем", "ым", "им",
                    "овой", "евой", "иной", "ской", "цкой", "ей", "ую", "е", "и")


def _inflected_of(cited: str, listed: str) -> bool:
    """True when Russian ``cited`` is ``listed`` (folded, nominative) in another case.

    'иванова'/'иванову'/'ивановым' of 'иванов', 'выготского' of 'выготскии' (fold
    turns 'й' to 'и'), 'петровои' of 'петрова', 'лурии' of 'лурия', 'лотманом' of 'лотман'.
    """
    if len(listed) < 3 or not cited.startswith(listed[:-2]) or cited == listed:
        return False
    if listed.endswith(("ии", "ыи", "ои")):  # Выготский, Белый, Толстой
        return cited[len(listed) - 2:] in ("ого", "ому", "им", "ым", "ом")
    if listed.endswith("ая"):  # Петровская
        return cited[len(listed) - 2:] in ("ои", "ую")
    if listed.endswith("а"):  # Петрова, Волкова
        return cited[len(listed) - 1:] in ("ои", "ы", "и", "у", "е", "ою")
    if listed.endswith("я"):  # Лурия
        return cited[len(listed) - 1:] in ("и", "ю", "еи", "е")
    return cited[len(listed):] in ("а", "у", "ом", "ым", "е")  # Иванов, Лотман


def _after_place_word(t: _Text, c: _Cited) -> str | None:
    """The word before a cited name when it puts a place there ('in', 'at', 'в', 'на'), else None."""
    before = _WORD_BEFORE_RE.search(t.text, max(0, c.offset - 20), c.offset)
    return before.group(1) if before and before.group(1).lower() in _PLACE_WORDS else None


def _place_before_year(t: _Text, c: _Cited, name: str) -> str | None:
    """Why a name no entry has may be a place, not an author ('in London (2019)', 'в Москве (2019)').

    A word that puts a place before the name, a known town ('London (2019)'), or, in
    Russian, a case ending a name in a citation does not have in the nominative.
    """
    before = _after_place_word(t, c)
    if before:
        return f"'{before} {name}': maybe a place and a year, not a citation"
    if is_place(name):
        return f"{name} is a place: maybe a place and a year, not a citation"
    if _CYRILLIC_RE.search(name) and name.lower().endswith(_OBLIQUE_ENDINGS):
        return f"{name} is not in the nominative: maybe a place or a name the list gives otherwise"
    return None


_URL_IN_TEXT_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _blank_url(m: re.Match[str]) -> str:
    """Spaces for a URL; a closing bracket after it that it does not open is the text's."""
    url = m.group(0)
    keep = 0
    # (the brackets counted once and kept up to date: linear on any run of them)
    opened, closed = url.count("("), url.count(")")
    while url[len(url) - keep - 1:len(url) - keep] in (")", ".", ",", ";") and keep < len(url) - 1:
        if url[len(url) - keep - 1] == ")":
            closed -= 1  # the brackets of the URL before this one
            if opened >= closed + 1:
                break  # '…/S0140-6736(20)30183-5)': the URL's own bracket
        keep += 1
    return " " * (len(url) - keep) + url[len(url) - keep:]


def author_year_citations(
    lines: list[str], skip: set[int], references: list[Reference],
    lists: Sequence[tuple[int, int]] | None = None,
) -> list[Citation]:
    """Every author–year citation in the running text, matched to the list.

    ``lists``: the (first, last) lines of each chapter's own list, when the
    document has one per chapter: a work two chapters list alike is cited, in
    each chapter, by that chapter's entry (the first list ending after the citation).
    """
    # a URL is no part of a citation: '([Smith, 2020](https://doi.org/…))' in Markdown reads
    # '(Smith, 2020 https://doi.org/…)' (blanked, so offsets stay the line's)
    t = _Text.of([_URL_IN_TEXT_RE.sub(_blank_url, line) if "://" in line or "www." in line else line
                  for line in lines], skip)
    works = _works(references)
    out: list[Citation] = []
    candidates = _candidates(t, abbreviations(t.text))
    # a text citing people in capitals ('(GATTI, 2010)' for 'GATTI, B. A.', ABNT): two such names
    # of persons the list has make its other names in capitals citations too, listed or not
    people = {fold(c.surnames[0]) for c in candidates if c.capitals for w in works
              if fold(c.surnames[0]) in w.first
              and re.match(rf"{re.escape(fold(c.surnames[0]))},\s+\w", w.lead)}
    cites_in_capitals = len(people) >= 2
    for c in candidates:
        line = t.line(c.offset)
        # 'Similarly, Moran et al. (1994)': a sentence's first word is read as a name; drop
        # leading names while they match no entry and a later one does
        names = c.surnames
        while len(names) > 1 and not any(w.first & _family_keys(names[0]) for w in works) and any(
            w.first & _family_keys(n) for n in names[1:] for w in works
        ):
            names = names[1:]
        first = names[0]
        cited_keys = _cited_keys(first)
        inflected = place = None
        if c.corporate:  # a group's name matches whole: 'World Health Organization', not 'Organization'
            by_author = [w for w in works if fold(first) in w.first]
            whole = " ".join(fold(first).split())
            if not by_author:
                # a group's name the parser split at its 'and' ('Centers for Disease Control and
                # Prevention.'): the entry that prints it whole as its author
                by_author = [w for w in works if re.match(rf"{re.escape(whole)}\s*[.,(]", w.lead)]
            if not by_author and 2 <= len(whole.split()) <= 3:
                # a surname of two words ('Rodrigues Alves et al., 2018') the parser kept only the
                # last of: the entry whose surname that is, printing the whole name in its authors
                by_author = [w for w in works if whole.split()[-1] in w.first
                             and re.search(rf"(?<!\w){re.escape(whole)}(?!\w)", w.lead)]
            if not by_author and not (c.capitals and cites_in_capitals):
                continue
        else:
            by_author = [w for w in works if w.first & cited_keys]
            if not by_author and _CYRILLIC_RE.search(first) and not _after_place_word(t, c):
                # 'в работе Иванова (2018)': the genitive of the listed 'Иванов' (but 'в Иванове
                # (2019)' is in the town of Ivanovo)
                folded = fold(first)
                by_author = [w for w in works if any(_inflected_of(folded, k) for k in w.first)]
                if by_author:
                    inflected = f"{first}: read as another case of a listed name"
            first, line = _whole_name(t, c, first, by_author, line)
            place = None if by_author or len(names) != len(c.surnames) else _place_before_year(t, c, first)
        for cited_year in c.years:
            undated_kind = _no_date(cited_year)
            year, suffix = (cited_year, "") if undated_kind else (cited_year[:4], cited_year[4:])
            common = dict(kind="author-year", line=line, text=c.printed, author=first, year=cited_year)
            note = None if c.corporate else inflected
            if not by_author:
                if not c.corporate and place:
                    out.append(Citation(**common, status="uncertain", detail=f"no entry by {first}; {place}"))
                    continue
                out.append(Citation(**common, status="not-listed",
                                    detail=f"no entry by {first}"))
                continue
            # the year as parsed; else printed anywhere in the entry ('2082–2097, ..., 2009.')
            same_year = [w for w in by_author if undated_kind & w.no_date] if undated_kind else (
                [w for w in by_author if w.year == year] or [w for w in by_author if year in w.years])
            if len(same_year) > 1 and suffix:
                # '2021c' against 2021a and 2021b names neither: the year as cited is not listed
                lettered = [w for w in same_year if w.suffix == suffix]
                same_year = lettered or ([] if all(w.suffix for w in same_year) else same_year)
            if len(same_year) > 1 and lists:
                a, b = next((span for span in lists if line <= span[1]), lists[-1])
                same_year = [w for w in same_year if w.line and a <= w.line <= b] or same_year
            if len(same_year) > 1 and len(names) > 1:
                second = _family_keys(names[1])
                same_year = [w for w in same_year if set(w.others[:1]) & second] or same_year
            if len(same_year) > 1 and not suffix and c.printed:
                # 2021a and 2021b, cited without the letter: '(Krayenhoff 2021)' names the work
                # Krayenhoff wrote alone, 'Krayenhoff et al. 2021' the one with co-authors
                etal = bool(re.search(rf"\bet\.?\s+al\b|\s{_ET_AL}", c.printed))
                fits = [w for w in same_year if (len(w.others) >= 2 if etal else
                                                 len(w.others) == len(names) - 1)]
                if len(fits) == 1:
                    same_year = fits
                    letters = sorted(f"{w.year}{w.suffix}" for w in by_author if w.year == year)
                    note = f"the list has {', '.join(letters)}; the citation gives no letter"
            undated = [w for w in by_author if w.year is None]
            if not same_year and len(undated) == 1 and len(by_author) == 1:
                # the entry has no year to compare (a split entry, a year the parser missed)
                out.append(Citation(**common, cites=undated[0].key,
                                    detail="the entry has no year to compare"))
            elif len(same_year) == 1:
                out.append(Citation(**common, cites=same_year[0].key, detail=note))
            elif same_year:
                out.append(Citation(**common, status="ambiguous",
                                    detail="entries " + ", ".join(w.key for w in same_year) + " fit equally"))
            else:
                listed = sorted({f"{w.year}{w.suffix}" if w.year else "no year" for w in by_author})
                out.append(Citation(
                    **common, status="year-mismatch",
                    cites=by_author[0].key if len(by_author) == 1 else None,
                    detail=f"{first} is listed with {', '.join(listed)}, not {year + suffix}",
                ))
    return out


# --------------------------------------------------------------------------- citation keys (pandoc)

# pandoc's citation key: a letter, digit or '_', then those and internal punctuation
# (':.#$%&-+?<>~/' followed by a letter or digit; ':' or '/' before '/'), or anything
# but braces in '@{...}'
_KEY = (r"(?:\{(?P<braced>[^{}\n]{1,200})\}|"
        r"(?P<bare>\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/)){0,200}))")
# '@' where a citation may start: never after a letter, digit, '.', '/', '=' or '@'
# (an e-mail address 'jane@example.org', '/@handle' in a URL, '\@' in TeX)
_AT = r"(?<![^\s(\[{\"'“‘—–;-])"
_NARRATIVE_KEY_RE = lazy_compile(rf"{_AT}@{_KEY}")
_GROUP_KEY_RE = lazy_compile(rf"{_AT}(?P<minus>-)?@{_KEY}")
# a bracketed group holding at least one '@': '[@a; @b, p. 3]', '[see @a]', '[-@a]'
_KEY_GROUP_RE = re.compile(r"(?<!\])\[(?P<body>[^\[\]]{0,1000}?@[^\[\]]{0,1000}?)\](?![(:])")
# what a narrative citation's locator looks like: '@a [p. 4]'
_KEY_LOCATOR_RE = re.compile(r"[ \t]?\[[^\[\]@\n]{1,80}\]")
# (a span is a whole run of non-blanks: tried from a run's first character only, or each start
# in a long run without a URL scans the rest of it)
_URL_SPAN_RE = re.compile(r"(?<!\S)\S*(?:://|www\.|mailto:)\S*", re.IGNORECASE)


# LaTeX citation commands left in the text (a source converted to Markdown or pasted as text):
# natbib's '\cite{a,b}', '\citep[p.~4]{a}', '\citet{a}', biblatex's '\parencite[see][12]{a}',
# '\textcite', '\autocite', '\cites[p.~3]{a}[5]{b}' -- never '\nocite', which cites nothing in the text
_TEX_CITE_RE = re.compile(
    r"\\(?!nocite)(?P<cmd>[A-Za-z]{0,12}cite[A-Za-z]{0,8})\*?(?:\s*\[[^\[\]{}\n]{0,200}\]){0,2}"
    r"\s*\{(?P<keys>[^{}\n]{1,1000})\}")
_TEX_MORE_RE = re.compile(r"(?:\s*\[[^\[\]{}\n]{0,200}\]){0,2}\s*\{(?P<keys>[^{}\n]{1,1000})\}")
_TEX_KEY_RE = re.compile(r"[^\s{},\\%#~]{1,200}")


def explicit_key_citation(c: Citation) -> bool:
    """A key citation no prose can be mistaken for: a bracketed group or a LaTeX command."""
    return c.text.startswith(("[", "\\"))


def _tex_key_cites(text: str) -> list[KeyCite]:
    """The keys of every LaTeX citation command in *text*, one KeyCite per key."""
    out: list[KeyCite] = []
    if "cite" not in text or "\\" not in text:
        return out
    for m in _TEX_CITE_RE.finditer(text):
        groups, end = [m.group("keys")], m.end()
        if m.group("cmd").endswith("s"):  # a multicite command: '\cites{a}[p.~4]{b}'
            while more := _TEX_MORE_RE.match(text, end):
                groups.append(more.group("keys"))
                end = more.end()
        printed = _printed(text[m.start():end])
        keys = [k.strip() for g in groups for k in g.split(",") if k.strip()]
        out += [KeyCite(m.start(), k, printed, True) for k in keys if _TEX_KEY_RE.fullmatch(k)]
    return out


@dataclass(frozen=True)
class KeyCite:
    """One pandoc citation key as printed: where, the key, the citation it is part of."""

    offset: int
    key: str
    printed: str
    bracketed: bool  # in a '[...]' group; else narrative ('As @a shows')
    suppress_author: bool = False  # '[-@a]': the year only


def find_key_cites(text: str) -> list[KeyCite]:
    """Every pandoc citation in *text*, in order: bracketed groups first claim their keys.

    A group is a citation when every ';'-separated part holds one key (with a
    prefix and a locator around it); otherwise its keys are read as narrative,
    as pandoc reads them. Never an e-mail address, an '@' inside a URL, nor a
    decorator ('@property' alone at a line's start, or '@app.route(...)').
    """
    out: list[KeyCite] = _tex_key_cites(text)
    if "@" not in text:
        return out
    urls = [m.span() for m in _URL_SPAN_RE.finditer(text)] if ("://" in text or "www." in text
                                                                or "mailto:" in text) else []
    taken: list[tuple[int, int]] = []  # the groups read, in order

    def inside(spans: list[tuple[int, int]], pos: int) -> bool:  # spans sorted, not overlapping
        k = bisect_right(spans, (pos, 1 << 62)) - 1
        return k >= 0 and spans[k][0] <= pos < spans[k][1]

    def in_url(pos: int) -> bool:
        return inside(urls, pos)
    for g in _KEY_GROUP_RE.finditer(text):
        body_at = g.start("body")
        parts, found, pos = g.group("body").split(";"), [], body_at
        for part in parts:
            keys = [m for m in _GROUP_KEY_RE.finditer(part) if not in_url(pos + m.start())]
            if len(keys) != 1:
                break
            k = keys[0]
            found.append((pos + k.start(), k.group("braced") or k.group("bare"), bool(k.group("minus"))))
            pos += len(part) + 1
        else:
            printed = _printed(g.group(0))
            out += [KeyCite(at, key, printed, True, minus) for at, key, minus in found]
            taken.append(g.span())
    for m in _NARRATIVE_KEY_RE.finditer(text):
        if inside(taken, m.start()) or in_url(m.start()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        rest = text[m.end():line_end if line_end >= 0 else len(text)]
        if not text[line_start:m.start()].strip() and (not rest.strip() or rest.startswith("(")):
            continue  # a decorator: '@dataclass', '@app.route("/")'
        if rest.startswith("("):
            continue  # '@foo(x)': code, not a citation
        loc = _KEY_LOCATOR_RE.match(text, m.end())
        printed = text[m.start():loc.end() if loc else m.end()]
        out.append(KeyCite(m.start(), m.group("braced") or m.group("bare"), _printed(printed), False))
    out.sort(key=lambda c: c.offset)
    return out


def may_have_keys(text: str) -> bool:
    """Could *text* hold a key citation at all (an '@', or a LaTeX citation command)?"""
    return "@" in text or ("\\" in text and "cite" in text)


def without_key_citations(text: str) -> str:
    """*text* with its bracketed pandoc citations ('[see @a, p. 3]') and LaTeX ones taken out."""
    text = _TEX_CITE_RE.sub("", text) if "cite" in text and "\\" in text else text
    at = [c.offset for c in find_key_cites(text) if c.bracketed]
    if not at:
        return text
    out, pos = [], 0
    for g in _KEY_GROUP_RE.finditer(text):
        if any(g.start() <= a < g.end() for a in at):
            out.append(text[pos:g.start()])
            pos = g.end()
    return "".join(out) + text[pos:]


_ETAL_RE = re.compile(r"(?:[_\-.:]?et[_\-.]?al|EtAl)$", re.IGNORECASE)
_ENCODED_RE = lazy_compile(
    rf"(?P<head>[^\W\d_]+(?:[_\-.:'][^\W\d_]+)*?)[_\-.:]?(?P<year>{YEAR})"
    r"(?P<letter>[a-z](?![^\W\d_]))?(?:[_\-.:]?(?P<word>[^\W\d_][\w\-]*))?"
)


def _letters(text: str) -> str:
    """'Van de Sompel' -> 'vandesompel': ASCII letters only, lower case."""
    return re.sub(r"[^a-z]", "", fold(text).replace("ß", "ss"))


def encoded_author_year(key: str) -> tuple[set[str], str, str, str] | None:
    """A key that plainly gives its first author and year: (name forms, year, letter, word).

    'klein2014', 'Klein2014scholarly', 'klein_2014', 'Klein:2014a',
    'kleinEtAl2014' -> ({'klein', ...}, '2014', letter, title word); None
    when the key does not start with a name followed by a year.
    """
    m = _ENCODED_RE.fullmatch(key)
    if not m:
        return None
    head = m.group("head")
    names = {_letters(head)}
    bare = _ETAL_RE.sub("", head)
    if bare and bare != head:
        names.add(_letters(bare))
    names = {n for n in names if len(n) > 1}
    if not names:
        return None
    return names, m.group("year"), m.group("letter") or "", (m.group("word") or "").lower()


def _title_word(ref: Reference) -> str:
    words = [_letters(w) for w in re.split(r"[\s\-–—/:]+", ref.fields.title or "")]
    words = [w for w in words if w]
    stop = {"a", "an", "the", "on", "of", "in", "and", "for", "to", "from", "with", "at", "by"}
    content = [w for w in words if w not in stop] or words
    return content[0] if content else ""


def key_citations(
    lines: list[str], skip: set[int], references: list[Reference], *, bib: str | None = None
) -> list[Citation]:
    """Every pandoc citation key in the running text, linked to the reference list.

    With *bib* (the name of the .bib the entries were read from) a key names
    the entry with that key: exactly, else ignoring case (as BibTeX does;
    biber does not, and the detail says so); a key the .bib lacks is
    ``not-listed``. Without it the list is the document's own, and its keys are
    citecheck's: a key is linked only when it plainly gives the first author
    and year and exactly one entry fits (several: ``ambiguous``; none, or a
    key that does not read so: ``uncertain``, since the key may mean anything).
    """
    t = _Text.of(lines, skip)
    found = find_key_cites(t.text)
    out: list[Citation] = []
    exact = {r.key: r.key for r in references if r.key}
    folded: dict[str, list[str]] = {}
    for k in exact:
        folded.setdefault(k.casefold(), []).append(k)
    works = {w.key: w for w in _works(references)} if bib is None else {}
    by_key = {r.key: r for r in references if r.key}
    aliases: dict[str, str] = {}  # biblatex ids: a key an entry also answers to (biber's reading)
    if bib is not None:
        from .bibtex import key_aliases

        for r in references:
            for alias in key_aliases(r):
                aliases.setdefault(alias, r.key)
    for c in found:
        common = dict(kind="key", line=t.line(c.offset), text=c.printed, key=c.key)
        if bib is not None:
            if c.key in exact:
                out.append(Citation(**common, cites=c.key))
            elif c.key in aliases:
                out.append(Citation(**common, cites=aliases[c.key], detail=(
                    f"{c.key!r} is an alias the entry {aliases[c.key]!r} gives in its ids field: "
                    "biber links it, BibTeX does not know ids")))
            elif len(same := folded.get(c.key.casefold(), [])) == 1:
                out.append(Citation(**common, cites=same[0], detail=(
                    f"the .bib writes the key {same[0]!r}: BibTeX ignores the case of keys, "
                    "biber does not")))
            elif same:
                out.append(Citation(**common, status="ambiguous",
                                    detail="keys " + ", ".join(same) + " differ only in case"))
            else:
                out.append(Citation(**common, status="not-listed",
                                    detail=f"{bib} has no entry with the key {c.key!r}"))
            continue
        if not references:
            out.append(Citation(**common, status="uncertain", detail="no reference list to check against"))
            continue
        encoded = encoded_author_year(c.key)
        if encoded is None:
            out.append(Citation(**common, status="uncertain",
                                detail="the key does not give its first author and year"))
            continue
        names, year, letter, word = encoded
        by_author = [w for w in works.values() if names & {_letters(f) for f in w.first}]
        fits = [w for w in by_author if w.year == year]
        if len(fits) > 1 and letter:
            fits = [w for w in fits if w.suffix == letter] or fits
        if len(fits) > 1 and word:
            fits = [w for w in fits if _title_word(by_key[w.key]).startswith(word)
                    or word.startswith(_title_word(by_key[w.key]) or "\0")] or fits
        if len(fits) == 1:
            out.append(Citation(**common, cites=fits[0].key, author=next(iter(names)), year=year,
                                detail="read as author and year"))
        elif fits:
            out.append(Citation(**common, status="ambiguous", author=next(iter(names)), year=year,
                                detail="entries " + ", ".join(w.key for w in fits) + " fit equally"))
        else:
            listed = sorted({w.year or "no year" for w in by_author})
            out.append(Citation(**common, status="uncertain", author=next(iter(names)), year=year,
                                detail=(f"the list has that author with {', '.join(listed)}, not {year}"
                                        if by_author else "no entry by that author and year")))
    return out


def keys_could_cite(keys: Iterable[str], references: list[Reference]) -> set[str] | None:
    """The entries that keys left unmatched might still name: None when one of them could
    name any entry (it does not read as author and year); else the entries by an author a
    key gives ('@liebler2012' when the list has Liebler 2013). A key whose author has no
    entry ('@nobody2099') names none of them: the list cannot vouch for its entries."""
    works = _works(references)
    out: set[str] = set()
    for key in keys:
        encoded = encoded_author_year(key)
        if encoded is None:
            return None
        names = encoded[0]
        out.update(w.key for w in works if names & {_letters(f) for f in w.first})
    return out


# --------------------------------------------------------------------------- both


def uncited(keys: list[str], citations: list[Citation]) -> tuple[list[str], list[str]]:
    """Entries never cited, and entries cited only by an uncertain (glued) marker."""
    certain = {c.cites for c in citations if c.cites and c.status != "uncertain"}
    maybe = {c.cites for c in citations if c.cites and c.status == "uncertain"}
    never = [k for k in keys if k not in certain and k not in maybe]
    doubtful = [k for k in keys if k not in certain and k in maybe]
    return never, doubtful
