"""Find the bibliography in repaired text and split it into entries.

Takes a :class:`~citecheck.models.CleanText` (one repaired line per input
line) and returns a :class:`~citecheck.models.Bibliography`: the sections
found, one :class:`~citecheck.models.RawReference` per entry (document order,
1-based input lines) and anomalies such as shuffled or missing pages.

How it works, in three passes, each linear in the input:

1. Every line is classified: blank, page furniture (page numbers, running
   heads that recur a page apart with only the page number changing), a
   bibliography heading (in the usual languages, numbered or prefixed), an
   endnotes heading, or text.
2. Text lines are grouped into blocks at blank lines -- unless the text is
   double-spaced, when single blank lines are only line spacing -- and each
   block is split into *chunks* (candidate entries): at list labels that form
   a sequence ("[1]", "2.", "(3)", "4-", a bare "5", "[KLM19]"), at a hanging
   indent, at bullets, and else at a line that starts like an entry (a
   surname-first or initials-first author list, an author-year, a dash for
   the same authors) after one that may end an entry -- in a list whose
   entries open "Surname, Given:" (German humanities), only at such a name,
   so a wrapped subtitle "Stadtgestalt, Recht, …" stays inside. A line that
   stops on an initial ("… and B.") or a label alone ("[29]") does not end an
   entry. An over-long entry is cut where a caption, a heading or prose
   follows (only at a caption or full lines of prose when the next number
   of its list closes it: PDF extraction can put a word a line). Each chunk gets
   an entry-likeness score from general features (a name start, a year where
   citations put it, a publisher, quotes, a URL or DOI, volume/pages, journal
   abbreviations) minus prose and glossary features (in-text citations,
   "Nakamura (2014) defended", mark running text that cites works).
3. Sections are runs of entry-like chunks: after a heading any reasonably
   entry-like chunk continues the run, and so does the next number of a
   numbered list, until a section heading that follows a bibliography
   ("Authors' Addresses", "Appendix A") or one of the body ("3. Results",
   "4 Discussion", "2.2 Sample": a list in the Methods ends there; a
   "Primary sources" part that the body goes on after is a list only when its
   lines open like references); without a heading a run must start with a clearly
   entry-like chunk and hold several dated, name-led ones, because a PDF
   extraction can scatter one bibliography's pages through the body text.
   A run broken by a page's foot and head resumes when the list carries on
   (next number, or alphabetical order). Under an endnotes heading the notes
   that carry full citations are entries, when most notes do.

Pure: no I/O, no network.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from .models import Anomaly, Bibliography, BibliographySection, CleanText, RawReference
from .text import as_int, lazy_compile

__all__ = [
    "locate",
    "entry_score",
    "entry_labels",
    "furniture_lines",
    "is_bibliography_heading",
    "sort_key",
]

# --------------------------------------------------------------------------- headings

_HEADING_WORDS = (
    "bibliography",
    "select bibliography",
    "selected bibliography",
    "references",
    "reference list",
    "references cited",
    "literature cited",
    "works cited",
    "works consulted",
    "sources",
    "sources cited",
    "sources consulted",
    "further reading",
    "suggested reading",
    "literature",
    "literaturverzeichnis",
    "quellenverzeichnis",
    "quellen und literatur",
    "bibliographie",
    "bibliografie",
    "bibliografia",
    "bibliografía",
    "références",
    "références bibliographiques",
    "referencias",
    "referencias bibliográficas",
    "riferimenti bibliografici",
    "literatur",
    "literaturliste",
    "references and notes",
    "notes and references",
    "literature references",
    "reference",
    "citations",
    "bibliographical references",
    "bibliography and references",
    "список литературы",
    "литература",
    "библиография",
    # Portuguese, Spanish, Italian, Dutch, Scandinavian, Polish, Czech, Turkish, Finnish,
    # Indonesian, Ukrainian, Greek, Chinese/Japanese, Korean: the heading a thesis in that
    # language prints (a whole line, so a common word such as 'literatura' is safe)
    "referências",
    "referências bibliográficas",
    "referencias bibliograficas",
    "obras citadas",
    "fuentes",
    "fuentes y bibliografía",
    "opere citate",
    "literatuur",
    "literatuurlijst",
    "referenties",
    "referenser",
    "litteratur",
    "litteraturliste",
    "litteraturförteckning",
    "källor",
    "kilder",
    "bibliografi",
    "literatura",
    "piśmiennictwo",
    "seznam literatury",
    "použitá literatura",
    "kaynakça",
    "kaynaklar",
    "lähteet",
    "kirjallisuus",
    "daftar pustaka",
    "список використаних джерел",
    "список літератури",
    "література",
    "список использованной литературы",
    "список источников",
    "библиографический список",
    "βιβλιογραφία",
    "参考文献",
    "참고문헌",
    # more scripts: Traditional Chinese, Japanese, Korean, Vietnamese, Thai, Hindi, and the
    # right-to-left ones (Arabic, Persian, Urdu, Hebrew), as theses in them head the list
    "參考文獻",
    "参考书目",
    "參考書目",
    "引用文献",
    "引用文獻",
    "参考文献一覧",
    "참고 문헌",
    "tài liệu tham khảo",
    "บรรณานุกรม",
    "เอกสารอ้างอิง",
    "संदर्भ",
    "संदर्भ सूची",
    "संदर्भ ग्रंथ सूची",
    "ग्रंथसूची",
    "المراجع",
    "مراجع",
    "المصادر",
    "المصادر والمراجع",
    "قائمة المراجع",
    "قائمة المصادر",
    "قائمة المصادر والمراجع",
    "ثبت المصادر والمراجع",
    "المراجع العربية",
    "المراجع الأجنبية",
    "الببليوغرافيا",
    "منابع",
    "فهرست منابع",
    "منابع و مآخذ",
    "کتابنامه",
    "کتاب‌نامه",
    "كتابنامه",
    "کتابیات",
    "حوالہ جات",
    "ביבליוגרפיה",
    "מקורות",
    "רשימת מקורות",
    "רשימת ספרות",
    "ספרות",
    "מקורות וספרות",
    # a bibliography's parts, each a list of its own ('Primary Sources' then 'Secondary Sources')
    "primary sources",
    "secondary sources",
    "data sources",
    "archival sources",
    "printed sources",
    "published sources",
    "unpublished sources",
    "primary literature",
    "secondary literature",
    "primary works",
    "secondary works",
    "quellen",
    "primärliteratur",
    "sekundärliteratur",
    "gedruckte quellen",
    "ungedruckte quellen",
    "sources primaires",
    "sources secondaires",
    "fuentes primarias",
    "fuentes secundarias",
    "fonti primarie",
    "fonti secondarie",
    "letteratura secondaria",
)
# words that also head a table's or figure's sources ('Quellen: Statistisches Bundesamt'):
# a bibliography heading only without a colon; so are a bibliography's parts
_SOURCES_WORDS = frozenset({"fuentes", "källor", "kilder", "kaynaklar", "lähteet", "quellen",
                            "fonti"} | set(_HEADING_WORDS[_HEADING_WORDS.index(
                                "primary sources"):]))
_HEADING_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?"  # Markdown heading
    r"(?:(?:appendix|chapter|part|section|chapitre|kapitel|capitolo|cap[ií]tulo|глава)\s+\w+[:.]?\s*"
    r"(?:[-–—:]\s*)?)?"  # "Appendix B: Bibliography", "Chapter 9. Bibliography"
    r"(?:(?:[A-Z]|\d+(?:\.\d+)*|[IVXLC]+)(?:\.|\s)\s*)?"  # "7 References", "7.2 References", "VII. Sources"
    r"(?:(?:appendix|chapter|part|section)\s+\w+[:.]?\s+)?"
    r"(?P<word>" + "|".join(re.escape(w) for w in sorted(_HEADING_WORDS, key=len, reverse=True))
    + r")\s*+(?::\s*+)?(?:#+\s*+)?$",  # possessive: linear on a line of spaces
    re.IGNORECASE,
)


# a letter-spaced heading as PDF extraction leaves it: "R E F E R E N C E S"
_SPACED_LETTERS_RE = re.compile(r"^\s*(?:\S\s){4,}\S\s*+(?::\s*+)?$")


# an endnotes section: its notes are entries only when they carry full citations
_NOTES_HEADING_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:(?:\d+|[IVXLC]+)\.?\s+)?(?:chapter\s+\w+[:.]?\s+)?"
    r"(?:notes|endnotes|end notes|notes to chapter \w+|anmerkungen|endnoten|notas|note)\s*+(?::\s*+)?$",
    re.IGNORECASE,
)
_NOTES_HINTS = ("note", "nota", "anmerkungen")  # (one in each of its words)


_HEADING_MARKS = " \t■□▪▫●•◆◇►▶"  # a mark a journal sets before its headings ("■ REFERENCES")


# (an ASCII line can only end with an ASCII heading word: no word holds a letter that
# IGNORECASE matches to an ASCII one)
_ASCII_HEADING_WORDS = tuple(w for w in _HEADING_WORDS if w.isascii())


def _ends_with_heading_word(text: str) -> bool:
    """Whether an ASCII ``text`` ends as _HEADING_RE needs: a heading word, then ':', '#'s, blanks."""
    return text.rstrip().rstrip("#").rstrip().rstrip(":").rstrip().lower().endswith(
        _ASCII_HEADING_WORDS)


def is_bibliography_heading(line: str) -> bool:
    """True when the whole line is a bibliography heading ('References', '## Works Cited:')."""
    if len(line) > 120:
        return False
    text = line.replace("*", "").replace("_", " ").lstrip(_HEADING_MARKS)
    if _SPACED_LETTERS_RE.match(text):
        text = text.replace(" ", "")
    if text.isascii() and not _ends_with_heading_word(text):
        return False  # (most lines: the heading pattern need not be tried)
    m = _HEADING_RE.match(text)
    if m and m.group("word").lower() in _SOURCES_WORDS and text.rstrip(" #").endswith(":"):
        return False  # 'Quellen:', 'Fuentes:' under a table: the table's sources, no list
    return bool(m)


# --------------------------------------------------------------------------- page furniture

_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+|p\.\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?"
    r"(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
# a running head set in columns: "12        Title of the Book   Author        101"
# (the indent possessive: '.*' never takes it back, so a deeply indented line is one scan)
_SPACED_HEAD_RE = re.compile(r"^\s*+(?:\d{1,4}\s{3,}\S.*|.*\S\s{3,}\d{1,4})\s*$")


_DIGITS_RE = re.compile(r"\d+")


def _shape(line: str) -> str:
    """A line's shape for spotting repeated running heads: digits and spacing blurred."""
    return " ".join(_DIGITS_RE.sub("#", line).split()).lower()


def furniture_lines(lines: Sequence[str]) -> set[int]:
    """0-based indices of page numbers and running heads.

    A running head is a line set in spaced columns with a page number, or a
    short line whose shape (digits blurred) recurs three or more times --
    a title repeated on every page is not part of the text around it.
    """
    # locate and footnotes both ask, several times, about the same lines
    return set(_furniture(tuple(lines)))


@lru_cache(maxsize=4)
def _furniture(lines: tuple[str, ...]) -> frozenset[int]:
    # _shape strips, so a line's shape is its stripped text's shape
    shape_of = [_shape(s) if s.strip() else "" for s in lines]
    # A running head has other text between its repeats; lines of one shape next to
    # each other are a list ("Lenin, Collected Works, Vol. 26." / "Vol. 27." …), not furniture.
    filled = [i for i, s in enumerate(shape_of) if s]
    # (the same text twice in a row -- "Author Manuscript" stamped down a margin -- is not a list)
    in_a_run = {
        i for a, b in zip(filled, filled[1:])
        if shape_of[a] == shape_of[b] and lines[a].strip() != lines[b].strip() for i in (a, b)
    }
    # A running head comes once a page; a shape that recurs every few lines ("CrossRef
    # Medline" closing each entry of a list) is part of the text.
    where: dict[str, list[int]] = {}
    for k, i in enumerate(filled):
        if k and lines[filled[k - 1]].strip() == lines[i].strip():
            continue  # a repeat in a row counts once
        where.setdefault(shape_of[i], []).append(k)
    # numbers alone on their lines one after another ("1" / entry / "2" / entry) label a list
    numbers = [(k, n) for k, i in enumerate(filled) if (n := as_int(lines[i].strip())) is not None]
    # (three in a chain at the least: two pages can be short, three are not)
    listed: set[int] = set()
    chain: list[int] = []
    for (k1, n1), (k2, n2) in zip(numbers, numbers[1:]):
        if k2 - k1 <= LABEL_GAP and n2 == n1 + 1:
            chain += [k1, k2] if not chain else [k2]
            continue
        if len(chain) >= 3:
            listed.update(filled[k] for k in chain)
        chain = []
    if len(chain) >= 3:
        listed.update(filled[k] for k in chain)
    # (the median gap at least PAGE_GAP: at most half the gaps shorter -- counted, not sorted;
    # three repeats are the least evidence: with a gap shorter than a page, only where the
    # line before is furniture, a page number above a running head)
    paged: set[str] = set()
    near_paged: set[str] = set()
    for shape, ks in where.items():
        if len(ks) < 3:
            continue
        short = sum(b - a < PAGE_GAP for a, b in zip(ks, ks[1:]))
        if short <= (len(ks) - 1) // 2 and _one_number_varies([lines[filled[k]] for k in ks]):
            (paged if short <= (len(ks) - 2) // 2 else near_paged).add(shape)
    # a footer with a link repeats the same link; reference lines ("URL http://arxiv.org/abs/0907.2796")
    # have the same shape with other numbers (asked of a line with a link only: the lines of
    # the same text have it too)
    texts = Counter(lines[i].strip() for i in filled)
    out: set[int] = set()
    alone: list[int] = []  # the numbers alone on their lines taken for page numbers
    prev = ""
    last = -1  # the last line with text
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        prev_furniture = last in out
        last = i
        if _PAGE_NUMBER_RE.match(text):
            # "1029" after "Elias J., ... 1982, AJ, 87," is the end of an entry, not a page number
            if not (prev.endswith((",", "–", "-", ":")) and text[:1].isdigit()) and i not in listed:
                out.add(i)
                alone.append(i)
        elif "   " in line and _SPACED_HEAD_RE.match(line):
            out.add(i)
        elif (8 <= len(text) <= 100 and i not in in_a_run
              and (shape_of[i] in paged or (prev_furniture and shape_of[i] in near_paged))
              and not prev.endswith((",", "-", "–", ";"))  # the rest of a line that goes on
              and not _PAGE_RANGE_END_RE.search(text)  # "Acad. Sci. USA, 1998, 95, 3737-3742."
              and (not _linkish(text) or texts[text] >= 2)
              and len(_LETTERS_RE.findall(text)) >= 4  # a running head has words
              and (" " in text or text.isupper())  # "Neuroimage" alone is a journal's name
              # "for Computational Linguistics." goes on the line before (unless that is furniture:
              # "The copyright holder for this preprint" / "this version posted …")
              and (prev_furniture or text.split(None, 1)[0] not in _STOPWORDS)
              and not _LINK_LABELS_RE.search(text)):  # "… 212-229 CrossRef Medline" ends an entry
            out.add(i)
        prev = text
    # PDF extraction can put each word of a line on its own line ("ISME" / "J." / "2015" /
    # "Nov;9(11):2490-2502."): a number there is one of the words, not a page number --
    # after two lines of a word or two without digits (not a table's cells), with text that is
    # not furniture after it
    for i in alone:
        k = bisect_right(filled, i) - 1
        if 2 <= k < len(filled) - 1 and filled[k + 1] not in out and all(
                _word_a_line(lines[filled[j]]) and filled[j] not in out for j in (k - 2, k - 1)):
            out.discard(i)
    return frozenset(out)


def _word_a_line(line: str) -> bool:
    """A short line of words without digits ("ISME", "J.", "Comput"): a PDF line broken up."""
    text = line.strip()
    return len(text) <= SHORT_LINE and not any(c.isdigit() for c in text)


def _one_number_varies(texts: list[str]) -> bool:
    """True when the lines of one shape differ in one number at most (a page number).

    A running head repeats its title, volume and year with only the page number
    changing; reference lines of one shape ("Phys. Rev. B, vol. 26, no. 8, p. 4269,
    1982.") differ in several.
    """
    numbers = [_DIGITS_RE.findall(t) for t in texts]
    if len({len(n) for n in numbers}) != 1:
        return True  # the shapes agree, so this does not happen; be lenient
    return sum(len(set(col)) > 1 for col in zip(*numbers)) <= 1


_LETTERS_RE = re.compile(r"[^\W\d_]")
_LINKISH_RE = re.compile(r"://|\bwww\.|\bdoi\b|\barxiv", re.IGNORECASE)
_PAGE_RANGE_END_RE = re.compile(r"\d\s*[-–]\s*\d+\s*[.;)]?$")
LABEL_GAP = 8  # filled lines between two list numbers alone on their lines, at the most
PAGE_GAP = 20  # lines between a running head's repeats (the median gap), at the least


# the characters an IGNORECASE search matches to an ASCII letter where lower() gives none:
# "İ" (lower() makes it two characters), the dotless "ı" and the long "ſ" (their own lowercase)
_WIDER_FOLDS = ("İ", "ı", "ſ")


def _may_hold(text: str, hints: tuple[str, ...]) -> bool:
    """Whether an IGNORECASE search for one of ``hints`` (lowercase ASCII) can find it in ``text``.

    A cheap test before a slow search that needs one of them: the hints are looked for
    in the lowercased text, unless it has a character that IGNORECASE folds further.
    """
    if not text.isascii() and any(map(text.__contains__, _WIDER_FOLDS)):
        return True
    return any(map(text.lower().__contains__, hints))


_LINKISH_HINTS = ("://", "www.", "doi", "arxiv")


def _linkish(line: str) -> bool:
    """A link, a DOI or an arXiv id in the line (a cheap test before the search)."""
    return _may_hold(line, _LINKISH_HINTS) and bool(_LINKISH_RE.search(line))


# --------------------------------------------------------------------------- entry features

# capitals a surname or an initial starts with: Latin, Cyrillic ('Иванов И. И.'), Greek
_CAPS = "A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐΑ-Ω"
_NAME = rf"[{_CAPS}][\w'’\-]+"
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|la|le|del|della|ten|ter|al|el|bin|ibn)"
_SURNAME = rf"(?:(?:{_PARTICLE}\s+)*{_NAME}(?:[\s\-]{_NAME})?)"
_INITIALS = rf"(?:[{_CAPS}]\.(?:\s?-?[{_CAPS}]\.)*)"
# "Surname, Given" / "Surname, G." / "van Dijk, J." / "Org, “Title”" / "Foucault Michel, « Title »"
_NAME_COMMA_RE = re.compile(
    rf"^\s*{_SURNAME},\s+(?:{_INITIALS}|{_NAME}(?:\s+{_INITIALS})?|[“\"‘'«„‹])"
)
# Vancouver: "Smith J, Jones K." / "Smith JA."
_VANCOUVER_RE = re.compile(rf"^\s*{_SURNAME}\s+[A-Z]{{1,3}}[,.;:]\s")
# "Surname (2001)" / "SURNAME, G. 2001." / "Smith and Jones (2001)"
# (only names, initials, "and", "&", "et al." before the year: not "The committees, as X wrote (1975)")
# what an entry prints where its year goes when it has none: "(n.d.)", "(s.f.)", "(o. J.)",
# "(in press)", "(forthcoming)"
_NO_DATE = (r"(?:n\.\s?d|s\.\s?[fd]|o\.\s?J|b\.\s?r|б\.\s?г)\.|in\s+press|forthcoming|im\s+Druck"
            r"|sous\s+presse|en\s+prensa|no\s+prelo")
_AUTHOR_YEAR_RE = re.compile(
    rf"^\s*{_SURNAME}(?:(?:[,;]?\s+|(?<=\.)|,)(?:[A-Z][\w'’\-]*\.?|and|&|et\s+al\.?|{_PARTICLE})){{0,24}}"
    rf"[,;]?\s*\(\s*(?:(?:1[5-9]|20)\d\d[a-z]?|{_NO_DATE})\s*\)"
)
# GOST (Russian and other Slavic lists), also for Latin names there: "Иванов И. И. Title",
# "Labov W. Sociolinguistic Patterns." -- the surname, its initials, then the title
# (not a journal in capitals, "SIAM J. Optim. 20"; not a name written out, "Jay L. Lush, chap.":
# the title's first word goes on with a space or a colon, never a comma or a full stop)
_GOST_RE = re.compile(
    rf"^\s*(?![{_CAPS}]{{2}})({_NAME}(?:-{_NAME})?)\s+{_INITIALS}\s+[{_CAPS}«\"„“][^\s,.]*(?:\s|:)")
# Scripts without capitals (Arabic, Persian, Hebrew, Syriac, Thai, Devanagari, CJK …): no name
# pattern above can match them. Their lists put the name first as Latin ones do, the family
# name, a comma (Arabic's '،' too), the given names, a full stop, then the title:
# "الجابري، محمد عابد. تكوين العقل العربي." / "שלום, גרשם. שבתי צבי …"
_CASELESS_WORD = r"[^\W\d_][^\s,.;:()\[\]،؛]*"
_CASELESS_NAME_RE = lazy_compile(
    rf"^\s*{_CASELESS_WORD}(?:[\s\-]{_CASELESS_WORD}){{0,2}}\s*[,،]\s*"
    rf"{_CASELESS_WORD}(?:\s{_CASELESS_WORD}){{0,3}}\s*\.\s+\S")


def _caseless_name(text: str) -> bool:
    """'Family, Given. Title' in a script without capitals (see _CASELESS_NAME_RE)."""
    first = next((c for c in text[:40] if c.isalpha()), "")
    return bool(first) and not (first.isupper() or first.islower()) and bool(
        _CASELESS_NAME_RE.match(text))


# Arabic script's comma and semicolon, read as ',' and ';' by every entry feature
_ARABIC_PUNCTUATION = str.maketrans({"،": ",", "؛": ";"})


# an edition statement on a wrapped line ("2. ed. São Paulo: Atlas", "3. Aufl. München") is
# no list number: the number is the edition's
_EDITION = r"(?!\s*(?:ed|edn|éd|Aufl|Auflage|Ausg|uppl|izd|изд|wyd|vyd)\b)"
_LABEL_RE = re.compile(
    rf"^\s*(?:\[(?P<b>\d{{1,4}})\]|(?!1[5-9]\d\d|20\d\d)(?P<n>\d{{1,4}})[.)]{_EDITION})\s+\S")
# "———." / "---," in place of the author: same author as the entry above (a new entry)
_REPEATED_AUTHOR_RE = re.compile(r"^\s*(?:[—–]{2,}|-{3,}|_{3,})\s*[.,]")
# a list bullet (Markdown "- ", "* ", a typographic "•"): in a bulleted list each starts an entry
_BULLET_RE = re.compile(r"^\s*[-*+•▪◦‣]\s+(?=\S)")
_SUPERSCRIPT_START_RE = re.compile(r"^\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*\S")
_BARE_NUMBER_START_RE = re.compile(r"^\s*\d{1,3}\s+[A-Z“\"‘']")

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_YEAR_DIGITS_RE = re.compile(rf"(?<!\d){_YEAR}")  # in all _YEAR_RE or _YEAR_CITED_RE find
_YEAR_RE = re.compile(rf"\b{_YEAR}[a-h]?\b")  # "1988a" too (not "1990s")
# where citation styles put the year: "(2001)", ", 1975.", "New York 1978", "1999a."
_YEAR_CITED_RE = re.compile(
    rf"\(\s*{_YEAR}[a-z]?\s*\)|,\s*{_YEAR}[a-z]?\s*[.)]?\s*$|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+\s+{_YEAR}[a-z]?[.]?\s*$"
    rf"|\.\s*{_YEAR}[a-z]?\.\s|,\s*{_YEAR}[a-z]?[,.]\s|[–-]\s*{_YEAR}\.\s*$"
    rf"|\b{_YEAR}[a-z]?\s+[A-Z][a-z]{{0,8}}\.\s"  # IOP/physics: "1994 Phys. Lett."
    rf"|:[^:;()]{{2,60}},\s*{_YEAR}[a-z]?\)"  # Chicago notes: "(New York: Penguin, 1996)"
)
_PUBLISHER_RE = re.compile(
    r"\b(?:Press|Publications|Publishers?|Publishing|Books|Verlag|Editions?|Éditions|Editora"
    r"|Editorial|Company|Co\.|Ltd|Inc\.?|GmbH|Routledge|Penguin|Macmillan|Wiley|Springer|Elsevier"
    r"|Harper|Norton|Random House|Verso)\b|\bUniv(?:ersity|\.)|\b[A-Z][a-z]+:\s*[A-Z][^,:]{2,40},\s*"
    + _YEAR
)
# the German-style imprint at an entry's end, after the title's full stop, year without brackets
# (not "Received: September 21, 2018": no digits in the publisher):
# "Göttingen: Vandenhoeck & Ruprecht 1987.", "Wien/Köln/Weimar: Böhlau 2012.", "Frankfurt a. M.: Campus 1990."
_COLON_IMPRINT_RE = re.compile(
    r"[.,;]\s+[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:(?:\s?[/,]\s?|\s|-)(?:[A-ZÀ-ÖØ-Þ][^\W\d_]+|[a-z]{1,2}\.\s?[A-Z]\.)){0,4}"
    r":\s*[A-ZÀ-ÖØ-Þ][^:\d]{0,60}?,?\s+" + _YEAR
    + r"[a-z]?(?:,\s*(?:S|pp?)\.\s*\d+(?:\s*[-–]\s*\d+)?(?:\s*f{1,2}\.)?)?\.?\s*$"  # ", S. 12–34."
)
# a quoted title: an opening quote, four characters or more, a closing one (or a quote before a
# word). Whether it occurs is all that is asked: of the openers '“' and '‘' before the same
# closer the first is tried (after a '"' or a closer: the one before any other), so a run of
# openers is scanned once, not once from each
_QUOTED_RE = re.compile(r'"[^”"’]{4,}+[”"’]|(?<![^”"’])[^”"’“‘]*+[“‘][^”"’]{4,}+[”"’]|[“"]\S')
_URL_RE = re.compile(
    r"https?://|\bwww\.|\bdoi\s*:|\b10\.\d{4,9}/|\burn:|\bisbn\b|\barxiv\s*:", re.IGNORECASE
)
_VOLUME_RE = re.compile(
    r"\b(?:vols?|volume|no|nr|issue|pp?|bd|heft|t)\.?\s*\d|\b\d+\s*\(\d+\)|\b\d{1,5}\s*[-–]\s*\d{1,5}\b"
    r"|\b\d{1,5}\s*[,:]\s*[A-Z]?\d{1,6}\.?$|\b\d{1,4}\s[A-Z]?\d{1,6}\.?$",  # "540, 39" / "191 117" at the end
    re.IGNORECASE,
)
_EDITOR_RE = re.compile(
    r"\((?:eds?|editors?|hrsg|hg|trans|tr)\.?\)|\bet al\.|\b(?:In|in):\s|\bed(?:ited)? by\b|\bHrsg\.",
)
# Quick searches that rule out most texts before a slow one: each hint is found
# in every text its pattern matches (a piece of each alternative, same flags).
# (_URL_RE's, looked for in the lowercased text: see _may_hold)
_URL_HINTS = ("://", "www.", "doi", "10.", "urn:", "isbn", "arxiv")
_VOLUME_HINT_RE = re.compile(r"\d")
_EDITOR_HINT_RE = re.compile(r"\([eht]|et al\.|n:|ed by|Hrsg\.")
# "Term: definition" / "Surname, Given: definition" with no digits in the term
_DEFINITION_RE = re.compile(r"^\s*[^\d:,;.]{1,40}(?:,\s*[^\d:,;.]{1,25})?:\s+\S")

# a name and a span of years, and nothing else: a person's life or term of office (a table of
# office holders, an index of persons), never a work: "Gräff, Hermann Joseph (1848–1851)"
_NAME_DATES_RE = re.compile(
    rf"^\s*[{_CAPS}][^\W\d_]*(?:[\s,.'’\-]+[^\W\d_]+)*\.?\s*\(\s*(?:(?:\*|b\.)\s*{_YEAR}"
    rf"|{_YEAR}\s*[–—-]\s*(?:{_YEAR}|\d\d)?)\s*\)\.?\s*$")

_STOPWORDS = frozenset(
    "a an the and or but of to in on at by for with from as is was were be been are it its this "
    "that these those which who whom whose what when where while they them their he she his her "
    "we our you your i not no so if then than there here would could should will can may might "
    "had has have do did does into over after before during about against between through "
    "also only very more most such".split()
)


_WORD_RE = re.compile(r"[A-Za-z’']+")


# (an initial, "A." or "I", is not the word "a" or "I")
_PROSE_WORDS = frozenset(w for w in _STOPWORDS if len(w) > 1)


def _prose_ratio(text: str) -> float:
    words = _WORD_RE.findall(text.lower())
    if not words:
        return 0.0
    return sum(map(_PROSE_WORDS.__contains__, words)) / len(words)


def _vancouver(text: str) -> bool:
    """'Smith JA, ...' -- not a journal in capitals ('PLOS ONE, 7(2)')."""
    return bool(_VANCOUVER_RE.match(text)) and not text.lstrip()[:60].split(None, 1)[0].isupper()


def _starts_like_entry(text: str) -> bool:
    return bool(
        _NAME_COMMA_RE.match(text)
        or _vancouver(text)
        or _AUTHOR_YEAR_RE.match(text)
        or _LABEL_RE.match(text)
        or _REPEATED_AUTHOR_RE.match(text)
    )


# ABNT / ISO 690: a body or a country as the author, in capitals ("BRASIL. Lei nº 13.415, …",
# "UNESCO. Relatório …", "SÃO PAULO (Estado). Secretaria …")
_CAPS_AUTHOR_RE = re.compile(
    rf"^\s*[{_CAPS}]{{3,}}(?:[\s\-][{_CAPS}]{{2,}})*(?:\s\([^()]{{2,30}}\))?\.\s+[{_CAPS}]")


def entry_score(text: str, floor: float | None = None) -> float:
    """How much ``text`` (one joined chunk) looks like a bibliography entry.

    Roughly: 3 or more is clearly an entry, under 1.5 is clearly not. Each
    feature is one a citation style puts in an entry and prose rarely has;
    a definition ('Term: text') and a high share of function words count
    against.

    With ``floor``, a text that cannot reach it is not scored in full: once
    the features left could not lift it to ``floor``, the score returned is
    the most it could have, below ``floor`` (the sections only ask whether a
    chunk reaches WEAK, STRONG or FULL_NOTE). From ``floor`` up the score is
    the same either way.
    """
    text = text[:SCORED_LENGTH]  # past this, more text says nothing more (and costs time)
    if not text.isascii():
        text = text.translate(_ARABIC_PUNCTUATION)
    ratio = _prose_ratio(text)
    # what the prose features below take off (an entry is a few lines, not a paragraph, unless
    # mostly names: a consortium's hundred authors)
    prose = ((ratio - 0.28) * 10 if ratio > 0.28 else 0.0) + (
        2.0 if len(text) > 600 and ratio > 0.1 else 0.0)
    imprint = ":" in text and bool(_COLON_IMPRINT_RE.search(text))
    # (every feature adds a multiple of 0.5: their sum is exact in any order)
    score = _start_score(text)
    most = _FEATURES_MOST
    for feature, top in _FEATURES:
        score += feature(text, imprint)
        most -= top
        if floor is not None and score + most - prose < floor - _ROUNDING:
            return score + most - prose
    if floor is not None and score - prose < floor - _ROUNDING:
        return score - prose  # (what is left only takes off)
    if " ," in text and len(_AFFILIATED_RE.findall(text)) >= 3:
        score -= 3.0  # "R. Aaij 23 , B. Adeva 36 ,": a paper's authors with their affiliations
    if text.count(".") >= MEASURES and len(_MEASURE_RE.findall(text)) >= MEASURES:
        score -= 3.0  # "7.85-7.82 (m, 1H), … 137.0 ppm": measured data (an experimental section)
    if "(" in text and _NAME_DATES_RE.match(text):
        score -= 3.0  # "Gräff, Hermann Joseph (1848–1851)": a person and their dates, no work
    if _DEFINITION_RE.match(text) and not imprint:  # "Ennen, Edith: Title. Göttingen: V&R 1987."
        score -= 1.5
    if ratio > 0.28:
        score -= (ratio - 0.28) * 10
    if len(text) > 600 and ratio > 0.1:
        score -= 2.0
    # (below WEAK, less changes nothing)
    if score >= WEAK and "(" in text and _YEAR_DIGITS_RE.search(text):
        score -= _citing_penalty(text)
    return score


def _start_score(text: str) -> float:
    """What the start of a chunk says: an author list (after a list label, more), a label alone."""
    label = _ANY_LABEL_RE.match(text)
    body = text[label.end():] if label and _line_label(text) else text
    if (_NAME_COMMA_RE.match(body) or _AUTHOR_YEAR_RE.match(body) or _SURNAME_INITIALS_RE.match(body)
            or _SURNAME_COMMA_INITIALS_RE.match(body) or _INITIALS_FIRST_RE.match(body)
            or _REPEATED_AUTHOR_RE.match(body) or _DASH_AUTHOR_RE.match(body)
            or _FULL_NAMES_RE.match(body) or _BARE_INITIALS_RE.match(body) or _GOST_RE.match(body)
            or _YEAR_START_RE.match(body)  # "1979. Title" under the same authors' dash
            or _glued_initials(body) or (not body.isascii() and _caseless_name(body))):
        return 2.0 if body is not text else 1.5
    if (_LABEL_RE.match(text) or (body is not text and _VANCOUVER_RE.match(body))
            or _CAPS_AUTHOR_RE.match(body)):
        return 1.5
    if _VANCOUVER_RE.match(body) or _org_year(body) or body is not text:
        return 1.0
    return 0.0


def _year_feature(text: str, imprint: bool) -> float:
    if not _YEAR_DIGITS_RE.search(text):  # (a year's digits first: the cited forms are a slow search)
        return 0.0
    if _YEAR_CITED_RE.search(text):
        return 1.5
    return 0.5 if _YEAR_RE.search(text) else 0.0


def _url_feature(text: str, imprint: bool) -> float:
    return 1.0 if _may_hold(text, _URL_HINTS) and _URL_RE.search(text) else 0.0


def _editor_feature(text: str, imprint: bool) -> float:
    return 0.5 if _EDITOR_HINT_RE.search(text) and _EDITOR_RE.search(text) else 0.0


def _quoted_feature(text: str, imprint: bool) -> float:
    return 0.5 if _QUOTED_RE.search(text) else 0.0


def _abbreviations_feature(text: str, imprint: bool) -> float:
    # two at the least: "Phys. Rev.", "Curr. Opin. Chem. Biol." (the second found ends the search)
    return 0.5 if next(islice(_ABBREV_RE.finditer(text), 1, None), None) else 0.0


def _volume_feature(text: str, imprint: bool) -> float:
    return 0.5 if _VOLUME_HINT_RE.search(text) and _VOLUME_RE.search(text) else 0.0


def _publisher_feature(text: str, imprint: bool) -> float:
    return 1.0 if imprint or _PUBLISHER_RE.search(text) else 0.0


# the features that make a chunk more entry-like, each with the most it adds (cheap tests first)
_FEATURES: tuple[tuple[Callable[[str, bool], float], float], ...] = (
    (_year_feature, 1.5),
    (_url_feature, 1.0),
    (_editor_feature, 0.5),
    (_quoted_feature, 0.5),
    (_abbreviations_feature, 0.5),
    (_volume_feature, 0.5),
    (_publisher_feature, 1.0),
)
_FEATURES_MOST = sum(top for _, top in _FEATURES)
_ROUNDING = 1e-9  # (a bound summed in another order than the score may differ in its last bits)


SCORED_LENGTH = 1200

# In-text citations mark running text that cites works, not an entry of the list.
# Narrative: "Van der Berg (2018) describes", "Smith et al. (2020, p. 4) found",
# "Hoffmann (2019a: 45) zeigt" -- a name, the year in brackets, then a lowercase word
# (an entry puts a full stop, a colon or a capitalised title after the bracketed year;
# "(1996) pp. 1-9", "(2007) doi:10…" are an entry's, so a word of two letters or one
# followed by "." or ":" does not count).
# (the bracketed year and the word after it; the name before it is checked apart)
_NARRATIVE_CITE_RE = re.compile(
    rf"\(\s*{_YEAR}[a-z]?(?:\s*[,:;][^()]{{0,20}})?\)\s+(?!doi\b)[a-zß-öø-ÿ]{{3,}}\b(?![.:])"
)
_NAME_BEFORE_RE = lazy_compile(r"(?:\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’\-]+|\bal\.)\s+$")
# Parenthetical: "(Smith 2020)", "(Smith & Jones, 2019; Lee, 2021a)", "(see de la Cruz et al., 2020)",
# "(vgl. Schulz und Wagner 2018; …)" -- at most a few lowercase words, then names and the year
# ("(Dover Publications, New York, 1956)", an entry's imprint, has more than a name before its year).
_PAREN_CITE_RE = re.compile(
    rf"\((?:[a-z][a-z.]*,?\s+){{0,3}}(?:{_PARTICLE}\s+)*{_NAME}"
    rf"(?:\s+(?:and|&|und|et|y)\s+(?:{_PARTICLE}\s+)*{_NAME}|\s+et\s+al\.)?,?\s+{_YEAR}[a-z]?"
    r"\s*[,;)]"
)
CITING_PENALTY = 2.0  # a narrative citation, or two in brackets: prose
CITING_MORE = 1.0  # three in-text citations or more


def _citing_penalty(text: str) -> float:
    """How much less entry-like in-text citations make ``text`` (0 when it has none to speak of).

    A bibliography entry names its work once, at its start; a paragraph of a
    literature review cites several in running text ("Nakamura (2014)
    defended ...", "(Brown, 2018; cf. Abebe & Kowalski, 2016)"), and with
    names and years where an entry has them, it would otherwise look like one.
    """
    narrative = sum(bool(_NAME_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()))
                    for m in _NARRATIVE_CITE_RE.finditer(text))
    bracketed = len(_PAREN_CITE_RE.findall(text))
    if not narrative and bracketed < 2:
        return 0.0
    return CITING_PENALTY + (CITING_MORE if narrative + bracketed >= 3 else 0.0)


# a name with its affiliations' numbers (or letters) before a spaced comma and the next
# name: "Alessio 6,37 , B. Adeva"; not a journal's volume before its pages, as PDF text
# spaces them ("Nature 489 , 57")
_AFFILIATED_RE = re.compile(r"[a-z]\s\d{1,3}(?:,(?:\d{1,3}|[a-z]))*\s,(?=\s*[^\W\d_])")
_ABBREV_RE = re.compile(r"\b[A-Z][a-z]{1,7}\.\s")
# a measured value or its unit: a decimal number (not a DOI's "10.1021/", a version "2.3.1" or an
# arXiv number "1708.00594"), a unit or an NMR signal's multiplicity ("(dd, J", "(m, 2H"); an
# experimental section is full of them ("δ 7.85-7.82 (m, 1H), … 13C NMR (150 MHz): 137.0 ppm"),
# an entry has one now and then
_MEASURE_RE = re.compile(
    r"(?<![\w./:-])\d{1,4}\.\d{1,4}(?![\w.]*/)(?![.\d])"
    r"|\b(?:ppm|[kM]?Hz|mmol|mg|mL|µL|°C|cm\s?-\s?1|NMR|HRMS|calcd)\b"
    r"|\(\s*(?:s|d|t|q|m|dd|dt|td|bs|br\s?s)\s*,")
MEASURES = 5  # measured values in an entry's scored text, at the least, that make it data


# --------------------------------------------------------------------------- chunks

STRONG = 2.5  # a headless run must start with (and mostly hold) chunks this entry-like
WEAK = 1.5  # inside a run, or after a heading, this is enough to continue
FULL_NOTE = 3.5  # a note this entry-like carries a full citation (author, title, imprint)
MIN_HEADLESS = 3  # entries a headless run needs to count as a bibliography


@dataclass
class _Chunk:
    kind: str  # "text" | "heading" | "notes" (an endnotes heading) | "furniture" | "blank"
    lines: list[int] = field(default_factory=list)  # 0-based line indices with content
    score: float = 0.0
    text: str = ""


# an entry may end with its URL or DOI and no period (APA, IEEE: "… https://doi.org/10.1/x");
# a URL whose last character could go on (".", "-", "_", "=") is left to the URL-break join
_ENDS_LIKE_ENTRY_RE = lazy_compile(
    rf"[.)\]]$|{_YEAR}[a-z]?$|\.html?$|/$"
    r"|(?:^|\s)(?:https?://|ftp://|mailto:|www\.|doi:\s*|10\.\d{4,9}/)\S*[A-Za-z0-9]$"
)


def _ends_like_entry(line: str) -> bool:
    s = line.rstrip()[-300:]
    return bool(_ENDS_LIKE_ENTRY_RE.search(s))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# a list label at the start of a line: "[12]", "(12)", "12.", "12)", "12]", a bare "12 " before a
# word, or a key "[KLM19]" / "[Lee 2015]" / "[Smi+20]"; a label may stand alone on its line
_ANY_LABEL_RE = re.compile(
    r"^\s*(?:(?:\[(?P<b>\d{1,4})\]\.?|\((?P<p>\d{1,4})\)\.?|(?P<d>\d{1,4})\.(?!\d)" + _EDITION + r"|(?P<r>\d{1,4})\)"
    r"|\[(?P<e>\s?)\]|\[(?P<k>[^\W\d_][^\[\]]{0,24})\]|(?P<n>\d{1,4})(?=\s+[^\W\d_(“\"‘'\[]|\s*$)"
    # "12]", "AHU]", "BMG + 94]": "[" lost
    r"|(?P<c>\d{1,4})\]|(?P<j>[A-Z][^\W_][^\s\[\]]{0,10}|[A-Z][A-Za-z]{1,5} \+ ?\d\d)\])(?=\s|$)"
    r"|(?P<h>\d{1,4})\s?[-–](?=\s?[A-Z])"  # "1-Aldred MJ"
    r"|\[(?P<g>\d{1,4})\](?=[A-ZÀ-Þ])|\((?P<q>\d{1,4})\)(?=[A-ZÀ-Þ])"  # "[37]Smith", "(1)Smith"
    r"|(?P<f>)\.(?=\s+[A-ZÀ-Þ]))"  # ". Smith": "12. Smith" with the digits lost (a font without them)
)
# kinds whose numbers must run in sequence before a label counts: a year or a page number at
# the start of a continuation line ("2010. Title", "45 (1990)") looks the same
# (a particle's lower-case letters may come first: "[dBHO17]" de Berg et al., "[vEB77]" van Emde Boas)
# (and "+" may stand apart: "[BMG + 94]" as a PDF spaced it)
_KEY_RE = re.compile(r"^(?:[a-z]{1,3}(?=[A-Z]))?[A-Z][\w+\-.&’']{0,11}(?:\s(?:et al\.\s)?\d{2,4}[a-z]?"
                     r"|\s\+\s?\d\d[a-z]?)?$")
_NOT_KEYS = frozenset(
    "online internet abstract accessed cited translated video audio pdf map"
    # the link labels a journal prints after its entries ("[CrossRef]" alone on a line)
    " crossref pubmed medline scopus isi pmc link article".split())
_SEQUENCED = ("p", "d", "r", "n", "h", "c")
LABEL_WINDOW = 40  # filled lines within which the next or previous label of a list must be


def _line_label(text: str) -> tuple[str, int | str] | None:
    m = _ANY_LABEL_RE.match(text)
    if not m:
        return None
    kind = m.lastgroup or ""
    value = m.group(kind)
    if kind in ("g", "q"):
        kind = "b" if kind == "g" else "p"  # "[37]Smith", "(1)Smith": the space lost
    if kind in ("e", "f"):
        return "e", 0  # "[ ]", ". ": a list number the extraction lost
    if kind in ("k", "j"):  # "[KLM19]", or "KLM19]" with its opening bracket lost
        key = value.strip()
        # a key is short and capitalised: "[KLM19]", "[Lee 2015]", "[AKa]", "[Bur]", "[Smi+20]";
        # not "[Online]", "[sic]", "[in Russian]"
        if not _KEY_RE.match(key) or key.lower() in _NOT_KEYS:
            return None
        return "k", key
    num = int(value)
    if kind in _SEQUENCED and 1500 <= num <= 2099:
        return None  # a year at the start of a line ("1995. On the ...", "(1994) Arch.")
    return kind, num


def _next_number(a: str, b: str) -> bool:
    """True when line ``b`` opens with the list number after line ``a``'s ("[29]" then "[30]")."""
    la, lb = _line_label(a), _line_label(b)
    return bool(la and lb and la[0] == lb[0] and isinstance(la[1], int) and lb[1] == la[1] + 1)


_RANGE_OPEN_RE = re.compile(r"(?<![^\W\d_])[-–]$|[,:]$")  # "pp. 903-", "vol. 3,", "-----" (not "equilib-")


def _next_label(a: str, b: str) -> bool:
    """True when line ``b`` opens with the label after line ``a``'s: the next number, or another key."""
    if _next_number(a, b):
        return True
    la, lb = _line_label(a), _line_label(b)
    return bool(la and lb and la[0] == lb[0] == "k" and la[1] != lb[1])


def _label_starts(lines: list[str], filled: list[int]) -> set[int]:
    """Lines where a list label starts an entry: labels of one kind that form a list nearby.

    Bracketed and parenthesised numbers and keys need one more label of their
    kind within ``LABEL_WINDOW`` lines; "12." / "12)" / bare "12" need a
    neighbour numbered one or two before or after, so that years and pages at
    the start of continuation lines do not count.
    """
    labels = [(_line_label(lines[i]), pos) for pos, i in enumerate(filled)]
    # "10." under a line ending "903-" is the rest of a page range, not the next number
    # (under a word's hyphen, "equilib-", a number cannot go on the word: a label may start)
    labels = [
        (None, pos) if lab and lab[0] in _SEQUENCED and pos
        and _RANGE_OPEN_RE.search(lines[filled[pos - 1]].rstrip()) else (lab, pos)
        for lab, pos in labels
    ]
    by_kind: dict[str, list[tuple[int, int | str]]] = {}
    for lab, pos in labels:
        if lab is not None:
            by_kind.setdefault(lab[0], []).append((pos, lab[1]))
    out: set[int] = set()
    for kind, found in by_kind.items():
        if kind == "k":
            # a list's keys are its own ("[KLM19]" once); one that recurs is a journal's link
            # label ("[CrossRef]" on a line of its own, entry after entry)
            seen = Counter(key for _, key in found)
            found = [(pos, key) for pos, key in found if seen[key] == 1]
        if len(found) < 2:
            continue
        if kind not in _SEQUENCED:
            for k, (pos, _) in enumerate(found):
                near = (k > 0 and pos - found[k - 1][0] <= LABEL_WINDOW) or (
                    k + 1 < len(found) and found[k + 1][0] - pos <= LABEL_WINDOW)
                if near:
                    out.add(filled[pos])
            continue
        # numbers must step by one or two to a label within the window, before or after
        for k, (pos, num) in enumerate(found):
            ok = False
            for j in range(k + 1, len(found)):
                pos2, num2 = found[j]
                if pos2 - pos > LABEL_WINDOW:
                    break
                if 0 < int(num2) - int(num) <= 2:
                    ok = True
                    break
            if not ok:
                for j in range(k - 1, -1, -1):
                    pos2, num2 = found[j]
                    if pos - pos2 > LABEL_WINDOW:
                        break
                    if 0 < int(num) - int(num2) <= 2:
                        ok = True
                        break
            if ok:
                out.add(filled[pos])
    return out


# how an author list starts a line, beyond "Surname, Given": "Abel T., Bryan G. L.,",
# "Aharoni,A.,", "J. Smith, A. Kowalski", "J. E. O'BRIEN.", "R.T. Nguyen and ...", "—, 2002"
_SURNAME_INITIALS_RE = re.compile(rf"^\s*{_SURNAME}\s*,?\s*{_INITIALS}\s*(?:[,;:(&]|and\b|et\b|\d)")
# IOP/physics: "Karassiov V P and Klimov A 1994", "Leggett A J 2001 Rev. Mod. Phys."
_BARE_INITIALS_RE = re.compile(
    rf"^\s*{_SURNAME}(?:\s[A-Z](?:-[A-Z])?){{1,3}}(?:,|\s+and\b|\s+&|\s+{_YEAR}\b|\s+et al)"
)
_INITIALS_START_RE = re.compile(rf"^\s*{_SURNAME},?\s*{_INITIALS}\s*(?:[,;(&]|and\b|et\b|\d)")
_SURNAME_COMMA_INITIALS_RE = re.compile(rf"^\s*{_SURNAME},{_INITIALS}")
_INITIALS_FIRST_RE = re.compile(  # (not a journal: "J. Mammal. 65, 353", "J. Chem. Phys. 91")
    rf"^\s*{_INITIALS}\s?(?:{_PARTICLE}\s+)*{_NAME}(?:[\s\-]{_NAME})?\s*(?:[,.;:(]|and\b|&|et\b)"
    rf"(?!(?:\s*[A-Z][a-z]{{0,8}}\.)*,?\s*(?!{_YEAR}\b)\d)"  # ("J. Mol. Biol., 287")
)
# "—," / "-, S. K. Jain" / "--" alone / "--~" (OCR): the same author(s) as the entry above
# names written out, given name first: "Alex Cobham and Andy Sumner.", "Luke N Darlow, Elliot J ..."
_GIVEN_SURNAME = rf"{_NAME}(?:\s+(?:[A-Z]\.?|{_NAME}))?\s+{_SURNAME}"
_FULL_NAMES_RE = re.compile(  # three names with commas, or two with "and" closing the author list
    rf"^\s*{_GIVEN_SURNAME},\s+{_GIVEN_SURNAME},\s+(?:and\s+|&\s+)?(?:{_NAME}|[A-Z]\.|et al\.)"
    rf"|^\s*{_GIVEN_SURNAME},?\s+(?:and|&)\s+{_GIVEN_SURNAME}\.(?:\s|$)"
    rf"|^\s*{_GIVEN_SURNAME},\s+{_GIVEN_SURNAME},?\s+(?:and|&)\s+{_GIVEN_SURNAME}\.(?:\s|$)"
)
_DASH_AUTHOR_RE = re.compile(r"^\s*(?:[—–]+|-+|_{2,})\s*~?\s*(?:[.,;:&]|$|\(?eds?\b)")
# an organisation as author: "World Health Organization. 2010." (no digits before the year:
# "Journal of Economic Dynamics 26 (2002), 1075-92." is a journal line)
_ORG_YEAR_RE = re.compile(
    rf"^\s*[A-Z][^\W\d_&.'’\- ]*(?:[&.'’\- ]+[^\W\d_]+){{0,12}}[.,]?\s*"
    rf"(?:\(?{_YEAR}[a-z]?\)?|\((?:{_NO_DATE})\))[.,]"
)


# a line that opens with a year (after at most a stray mark): "1979. Title", "9 1988a. Title"
# an entry's last line ending on its imprint's year: "Einaudi, Torino 1970.", "Paris, Seuil, 1989."
_IMPRINT_END_RE = re.compile(rf"[^\W\d_]{{2,}},?\s+{_YEAR}[a-z]?\.\s*$")


def _imprint_end(line: str) -> bool:
    """``_IMPRINT_END_RE`` finds an imprint at the end of ``line`` (a line not ending in "." has none)."""
    return line.rstrip().endswith(".") and bool(_IMPRINT_END_RE.search(line))


# a work listed by its title, its editors after it: "Letteratura italiana, a cura di A. Asor Rosa",
# "Handbuch der Kommunalpolitik, hrsg. von …", "The Cambridge History of Russia, ed. by …"
_TITLE_FIRST_RE = re.compile(
    rf"^\s*[{_CAPS}][^,;:]{{2,120}},\s+(?:a\s+cura\s+di|hrsg\.\s+v(?:on|\.)|herausgegeben\s+von"
    r"|ed(?:ited)?\.?\s+by|[ée]d(?:it[ée]s?)?\.?\s+par|sous\s+la\s+direction\s+de|dir\.\s+(?:por|de)"
    r"|editado\s+por|coord\.\s+(?:por|de)|org\.\s+por|под\s+ред\.)\s",
)
_YEAR_START_RE = re.compile(rf"^\s*(?:\S{{1,2}}\s+)?\(?{_YEAR}[a-z]?\)?[.,:]\s")


# a superscript list number that OCR read as a mark, or glued to the first initial, before an
# initials-first author list: "'T. Arima, Y. Tokura, …", "4Z. Z. Sheng, A. M. Hermann, …"
_GLUED_MARK_RE = re.compile(r"^\s*(?:['\"*‘’“”]|\d{1,3}(?=[A-Z]\.))")


def _glued_initials(text: str) -> bool:
    m = _GLUED_MARK_RE.match(text)
    return bool(m) and bool(_INITIALS_FIRST_RE.match(text[m.end():]))


def _org_year(text: str) -> bool:
    """An organisation as author before the year ('World Health Organization. 2010.'), not 'C. (2014).'"""
    m = _ORG_YEAR_RE.match(text)
    return bool(m) and len(_LETTERS_RE.findall(m.group(0))) >= 4


def _starts_like_entry_line(text: str) -> bool:
    """A printed line that starts the way an entry starts (names, a dash, an author-year)."""
    return bool(
        _starts_like_entry(text)
        or _GOST_RE.match(text)
        or _SURNAME_INITIALS_RE.match(text)
        or _SURNAME_COMMA_INITIALS_RE.match(text)
        or _INITIALS_FIRST_RE.match(text)
        or _DASH_AUTHOR_RE.match(text)
        or _org_year(text)
        or _FULL_NAMES_RE.match(text)
        or _BARE_INITIALS_RE.match(text)
        or _glued_initials(text)
        or (not text.isascii() and _caseless_name(text))
    )


# a line after which the entry may be over: a full stop, a bracket, a number, a quote, a URL
_MAY_END_RE = re.compile(
    r"[.)\]\d”\"’']$|\.html?$|/$"
    r"|(?:^|\s)(?:https?://|ftp://|mailto:|www\.|doi:\s*|10\.\d{4,9}/)\S*[A-Za-z0-9]$"
)
# link labels that journals print after each entry ("... 61:283-292. CrossRef Medline")
_LINK_LABELS_RE = re.compile(
    r"(?:\b(?:CrossRef|Medline|PubMed|Google Scholar|Scopus|Web of Science|ISI|Abstract|Full Text"
    r"|Free Full Text|Article|Link|PMC|PMID:?\s*\d+|PMCID:?\s*PMC\d+)|\[PubMed:?\s*\d*\])$",
    re.IGNORECASE,
)


_LABEL_ONLY_RE = re.compile(r"^\s*\[\d{1,4}\]$")
# (after a name, a comma or "and": "…, R. K. Kobe, and E." / "Ribbens. 1996."; not "o. J.", undated)
_END_INITIAL_RE = re.compile(r"(?:\b[A-Z][\w’'-]*\.?|,|\band|\bund|\bet|&)\s[A-Z]\.$")


def _may_end(line: str) -> bool:
    s = line.rstrip()
    if not s:
        return False
    last = s[-1]
    if last in ".)]”\"’'>" or last.isdigit():  # the common cases, without a regex
        # (not a list label alone on its line, "[29]": its entry follows;
        # not an initial, "…, M. NIETO, I. R. C.": the author list goes on)
        return not (s.endswith((',"', ",”", ",’")) or (last == "]" and _LABEL_ONLY_RE.match(s))
                    or (last == "." and _ends_with_initial(s)))
    if last in ",-":
        return False
    word = s[-300:].rsplit(None, 1)[-1]  # only the end counts (and a long line costs no more)
    if _MAY_END_RE.search(word):
        return True
    if word.isascii() and not word.lower().endswith(_LINK_LABEL_ENDS):
        return False
    m = _LINK_LABELS_RE.search(s[-40:])
    # (labels after a finished entry, not a word of the entry after a comma: APA's
    # "Frontiers in Psychology, 10, Article" / "3087." wraps before its article number)
    return bool(m) and not s[-40:][:m.start()].rstrip().endswith(",")


# the last words of _LINK_LABELS_RE's labels that end in a letter (a cheap test before the search)
_LINK_LABEL_ENDS = ("crossref", "medline", "pubmed", "scholar", "scopus", "science", "isi",
                    "abstract", "text", "article", "link", "pmc")


def _ends_with_initial(s: str) -> bool:
    """True when ``s`` (stripped, ending ".") ends with an initial after a name ("and B.")."""
    if len(s) == 2 or (len(s) > 2 and s[-3].isspace() and not s[:-2].strip()):
        return s[-2].isupper()  # an initial alone on its line ("E.": a name a line)
    return (len(s) >= 3 and s[-2].isupper() and s[-3].isspace()
            and bool(_END_INITIAL_RE.search(s[-40:])))


# the words a line that goes on may end with ("…, and", "… of the", "…, Van")
_GOES_ON_WORDS = frozenset(
    "and et in the of van von de der den da di du la le del della ten ter al el bin ibn".split())


def _goes_on(line: str) -> bool:
    """True when a line cannot end an entry: a comma, a hyphen, a bracket, "and", "the", "van"."""
    s = line.rstrip()
    if not s:
        return False
    if s[-1] in ",;:-–(&…":
        return True
    word = s[-20:].rsplit(None, 1)[-1]
    k = len(word)
    while k and (word[k - 1].isalnum() or word[k - 1] == "_"):
        k -= 1
    return word[k:].lower() in _GOES_ON_WORDS


def _strong_start(text: str) -> bool:
    """A line start that is an author list beyond doubt ('Smith, J.', 'Smith JA,', 'Smith J (2001)')."""
    return bool(
        _NAME_COMMA_RE.match(text) or _vancouver(text) or _AUTHOR_YEAR_RE.match(text)
        or _SURNAME_INITIALS_RE.match(text) or _SURNAME_COMMA_INITIALS_RE.match(text)
    )


# the full stops an author list may hold: "et al.", "Jr.", "(Hrsg.)", "(eds.)", "u. a."
_NAME_ABBREVS = "|".join(
    rf"(?<=\b{w})\." for w in ("al", "Jr", "Sr", "Hrsg", "Hg", "ed", "eds", "éd", "éds", "u", "a", "dir"))
# "Surname, Given: Title" (German humanities): the author list ends with a colon, no digits
# or full stops before it but an initial's ("Hirschmann, Frank G.:", "Meier, Hans/Kurz, Eva:");
# "Ders.:" / "Dies.:" repeat the author above
_COLON_NAME_RE = re.compile(
    rf"^\s*(?:{_SURNAME},\s+(?:[^:\d.]|(?<=\b[A-ZÀ-Þ])\.|{_NAME_ABBREVS}){{1,80}}?"
    r"|(?:Ders|Dies|ders|dies)\.)\s?:\s"
)


def _colon_style_document(lines: list[str]) -> bool:
    """True when half the lines that open like an entry open "Surname, Given:" (three at least)."""
    colon = [i for i, line in enumerate(lines) if ":" in line[:80] and _COLON_NAME_RE.match(line)]
    if len(colon) < 3:
        return False
    # (half at least: a wrapped line can open like a name, "Stadtgestalt, Recht, Verfassung,";
    # counted only until there are too many)
    named = 0
    for line in lines:
        if line.strip() and _starts_like_entry_line(line):
            named += 1
            if named > len(colon) * 2:
                return False
    return True


def _typical_length(lines: list[str], filled: list[int]) -> int:
    """The length most full printed lines of a block reach (80th percentile, lengths capped)."""
    if len(filled) < 100:
        lengths = sorted(len(lines[i].strip()) for i in filled)
        return lengths[(len(lengths) * 4) // 5 if len(lengths) > 1 else 0]
    counts = [0] * 201  # a counting sort: linear however long the block
    for i in filled:
        counts[min(len(lines[i].strip()), 200)] += 1
    target, seen = len(filled) * 0.8, 0
    for length, c in enumerate(counts):
        seen += c
        if seen >= target:
            return length
    return 200


def _split_block(
    lines: list[str], idx: list[int], consumed: set[int] | None = None, colon_doc: bool = False
) -> list[list[int]]:
    """Split one block of consecutive lines into entries.

    In order of trust: list labels that form a sequence ("[1]", "2.", "(3)",
    "[KLM19]"), a hanging indent, bullets, and else a line that starts like an
    entry (a name, an author-year, a dash) after one that may end an entry.
    Inside a numbered list, lines without a label never start an entry.
    Blank lines (double spacing, lines emptied by repair) stay inside the
    entry they sit in; an entry never ends on a blank line.
    """
    if len(idx) == 1:
        return [list(idx)]
    filled = [i for i in idx if lines[i].strip()]
    if not filled:
        return [list(idx)]
    indents = {i: _indent(lines[i]) for i in filled}
    base = min(indents.values())
    rest = filled[1:]
    # a hanging indent: the first line at the margin, most later lines indented
    # (one stray leading space, common in PDF extractions, is not an indent)
    hanging = indents[filled[0]] == base and sum(indents[i] > base + 1 for i in rest) >= max(
        1, (len(rest) + 1) // 2 - 1
    )
    label_at = _label_starts(lines, filled)
    bulleted = sum(bool(_BULLET_RE.match(lines[i])) for i in filled)
    typical = -1  # worked out when first needed
    # a list whose entries open "Surname, Given:": a wrapped line opening "Stadtgestalt, Recht,"
    # (a subtitle's words) is not a new entry unless it has that colon too
    # (judged over the document when it has such a list, else over the block)
    colon_named = sum(1 for i in filled if ":" in lines[i] and _COLON_NAME_RE.match(lines[i]))
    colon_style = bool(colon_named) and (
        (colon_doc and bool(_COLON_NAME_RE.match(lines[filled[0]])))
        or (colon_named >= 2 and colon_named * 2 >= sum(
            _starts_like_entry_line(lines[i]) or bool(_COLON_NAME_RE.match(lines[i])) for i in filled))
    )
    # the positions (in filled) of label starts, to know whether a line sits inside a numbered list
    label_pos = [k for k, i in enumerate(filled) if i in label_at]
    in_list: set[int] = set()
    for a, b in zip(label_pos, label_pos[1:]):
        if b - a <= LABEL_WINDOW:
            in_list.update(filled[a + 1:b])
    tail: set[int] = set()
    if label_pos:  # the last entry of a list: up to a few lines more
        last = label_pos[-1]
        tail = set(filled[last + 1:last + 4]) - in_list
        in_list.update(tail)
    parts: list[list[int]] = [[idx[0]]]
    prev = idx[0]
    dated = bool(_YEAR_RE.search(lines[idx[0]]))  # the current part has its year already
    # what the line before may end with: asked by most tests below, worked out once per line
    prev_ends, prev_goes_on = _may_end(lines[prev]), _goes_on(lines[prev])
    for i in idx[1:]:
        text = lines[i]
        new = False
        if not text.strip():
            new = False
        elif i in label_at:
            new = True  # numbered or keyed list: every label starts an entry
        elif len(text) <= 60 and prev_ends and _section_after(text):
            new = True  # "Authors' Addresses" under the last entry: a heading, not its end
        elif (prev_ends and _body_heading(text)) or (
                not prev_goes_on and _body_heading(text, numbered=True)):
            # "3. Results" under a list in the Methods: the body goes on, not the entry
            # (a heading without a number only after a line that may end an entry)
            new = True
        elif prev_ends and _numbered_title(text):
            # "3 Soil Moisture Retrieval from SMAP" under a chapter's last entry "[3] …": the next
            # chapter (a number no label of the list has: the list's own "3." is a label)
            new = True
        elif i not in in_list and prev_ends and _same_opening(lines[parts[-1][0]], text):
            # an archive or a body that wrote several works, named again on each:
            # "Kent History Centre, Maidstone, Q/SB/1795. …" / "Kent History Centre, Maidstone, U1590. …"
            new = True
        elif (i in tail or i not in in_list) and prev_ends and (
                _NUMBERED_CAPTION_RE.match(text) or (_STRAY_RE.match(text) and not (
                    # (digits under a link are the rest of it: "…/10.1080/10696" / "2016.1089763")
                    text.lstrip()[:1].isdigit() and _linkish(lines[prev][-60:])))):
            # "Table 1. Rules …", "FIG. 4.", a figure's panel letter "a", a lone "." under a
            # finished entry: what follows the list, not the rest of its last entry
            new = True
        elif i in in_list:
            new = False
        elif hanging:
            new = indents[i] <= base + 1  # every line back at the margin starts an entry
        elif bulleted >= 2 and _BULLET_RE.match(text):
            new = True  # bulleted list: every bullet starts an entry
        elif colon_style:
            new = prev_ends and bool(
                _COLON_NAME_RE.match(text) or _REPEATED_AUTHOR_RE.match(text) or _DASH_AUTHOR_RE.match(text)
                # a long author list wraps before its colon: "Jacob, F., Schmugge, T., Olioso, A.,"
                or _INITIALS_START_RE.match(text) or _SURNAME_COMMA_INITIALS_RE.match(text)
                or _CAPTION_RE.match(text))  # (a heading after the list: not the last entry's)
        elif prev_ends and _starts_like_entry_line(
                _with_next(lines, filled, i)
                if len(text) <= SHORT_LINE and text.rstrip().endswith(",") else text):
            new = True  # (a name alone, "Barlow," / "H..": what follows tells)
        elif (dated and _AUTHOR_YEAR_RE.match(text) and _NAME_COMMA_RE.match(text)
              and not lines[prev].rstrip().endswith("-")):
            new = True  # "Armbruster, Peter (1985)." after a dated entry, however that ended
        elif dated and prev_ends and _YEAR_START_RE.match(text):
            new = True  # "1979. Comments on ...": the same authors again, their dash lost
        elif dated and _imprint_end(lines[prev]) and _TITLE_FIRST_RE.match(text):
            # a collective volume listed by its title under an entry that ended on its imprint
            # ("… Bompiani, Milano 1990." / "I metodi attuali della critica, a cura di M. Corti")
            new = True
        elif not prev_goes_on and not _ends_with_initial(lines[prev].rstrip()) and (
            _INITIALS_START_RE.match(text)
            or _vancouver(text)
            or (len(lines[prev].strip()) < 0.7 * (  # (the length first: the cheaper test)
                typical if typical >= 0 else (typical := _typical_length(lines, filled)))
                and _strong_start(text))
        ):
            # a last line ending in a word ("... Neuroimage", a short line), then an author list
            new = True
        if new:
            parts.append([i])
            dated = False
        else:
            parts[-1].append(i)
        if text.strip():
            prev = i
            prev_ends, prev_goes_on = _may_end(text), _goes_on(text)
            dated = dated or bool(_YEAR_RE.search(text))
    out: list[list[int]] = []
    keep = consumed or set()
    # an entry does not end on a blank line (unless repair emptied it)
    # (a part that the next number or key of its list closes is one entry however long: the words
    # of a PDF line can come out one a line)
    bounded = [n + 1 < len(parts) and parts[n + 1][0] in label_at and parts[n][0] in label_at
               and len(parts[n]) <= LABEL_WINDOW
               and _next_label(lines[parts[n][0]], lines[parts[n + 1][0]])
               for n in range(len(parts))]
    for part in (cut for p, b in zip(parts, bounded) for cut in _cut_tail(lines, p, b)):
        while len(part) > 1 and not lines[part[-1]].strip() and part[-1] not in keep:
            part.pop()
        out.append(part)
    return out


_OPENING_RE = re.compile(r"^\s*((?:[^\W\d_][\w'’\-.]*[,:]?\s+){3})")


def _same_opening(first: str, line: str) -> bool:
    """True when ``line`` opens with the three words (a dozen letters at least) ``first`` opens with."""
    a, b = _OPENING_RE.match(first), _OPENING_RE.match(line)
    return bool(a and b) and len(a.group(1)) >= 16 and a.group(1).split() == b.group(1).split()


# a figure's or table's caption: "Table 1.", "Fig. 3:", "Figure 2 Growth", "Abb. 4" (not "Table 5 and …")
_NUMBERED_CAPTION_RE = re.compile(
    r"^\s*(?i:Table|Tab\.|Fig\.|Figure|Abb\.|Abbildung|Tabelle|Scheme|Chart)\s?[A-Z]?\d{1,3}\b"
    r"(?:[.:]|\s+[A-Z(]|\s*$)")
# a letter alone, or symbols alone ("!", "■ ■ ■"): a figure's panel label, a stray glyph
# (not punctuation an entry ends with, "." or "5." that repair left, nor "&" / "-," of a
# repeated author list)
_STRAY_MARK = r"[^\w\s.,;:()\[\]{}&\-–—'\"’”‘“/´`¨ˆ˜^¸°]"
# (or a figure's axis the extraction put between two entries: a tick value alone, "0.8", or
# a row of them, "0     50     100": not a volume or a year broken onto a line of its own)
_TICK = r"[-−]?\d{1,4}[.,]\d{1,3}%?"
_STRAY_RE = re.compile(rf"^\s*(?:[^\W\d_]|{_STRAY_MARK}+(?:\s+{_STRAY_MARK}+)*|{_TICK}"
                       rf"|[-−]?\d+(?:[.,]\d+)?%?(?:\s{{2,}}[-−]?\d+(?:[.,]\d+)?%?)+)\s*$")
_LETTER_ALONE_RE = re.compile(r"^\s*[^\W\d_]\s*$")
SHORT_LINE = 24  # a line this short may hold a word or two of a line PDF extraction broke up


def _with_next(lines: list[str], filled: list[int], i: int) -> str:
    """Line ``i`` joined with the next line that has text (in ``filled``, sorted)."""
    k = bisect_right(filled, i)
    return lines[i].rstrip() + " " + lines[filled[k]].strip() if k < len(filled) else lines[i]


MAX_ENTRY_LINES = 8  # an entry longer than this may have swallowed what follows the list
_CAPTION_WORDS = (
    r"^\s*(?:Table|Fig\.|Figure|Supplementa\w+|Appendix|Acknowledg\w+|Author|Conflicts?|Competing"
    r"|Funding|Data availability|Abbreviations|Tab\.|Abb\.|Abbildung|Tabelle|Index|Copyright"
    r"|Contributors|Received|Accepted|Publisher's Note|Ethics|Declarations?)\b"
)
_CAPTION_WORD_RE = lazy_compile(_CAPTION_WORDS, re.IGNORECASE)
_CAPTION_RE = re.compile(
    _CAPTION_WORDS
    + r"|^\s*[A-Z][\w'’\-]*(?:\s+(?:[A-Z&][\w'’\-]*|of|and|the|for)){0,4}:?\s*$",  # a short heading
    re.IGNORECASE,
)
_LINK_START_RE = re.compile(
    r"^\s*(?:URL|DOI|https?:|www\.|Available|Retrieved|Accessed)\b", re.IGNORECASE)
PROSE_WORDS = 24  # words in three lines at the least: full lines of prose, not a word a line


def _cut_tail(lines: list[str], part: list[int], bounded: bool = False) -> list[list[int]]:
    """Cut a too-long part after a line that may end an entry, where a caption or prose follows.

    In a PDF extraction the list's last entry runs on into whatever follows it
    (a figure caption, a table, the next section) when no blank line or
    heading is between them. A part that the next number of its list closes
    (``bounded``) is cut only at a caption or at full lines of prose (the body
    text between two pages' footnotes): a word alone on a line ("Elsevier",
    "PLoS") is the rest of its entry, broken up by the extraction.
    """
    filled = [i for i in part if lines[i].strip()]
    if len(filled) <= MAX_ENTRY_LINES:
        return [part]
    starts = [0]  # positions in filled where a new part starts
    for k in range(1, len(filled)):
        if not _may_end(lines[filled[k - 1]]):
            continue
        nxt = lines[filled[k]]
        if bounded:
            ahead = " ".join(lines[i] for i in filled[k:k + 3])
            cut = bool(_CAPTION_WORD_RE.match(nxt)) or (
                nxt.lstrip()[:1].isupper() and ahead.count(" ") >= PROSE_WORDS
                and _prose_ratio(ahead) > 0.25)
        else:
            cut = (bool(_CAPTION_RE.match(nxt)) and not _LINK_START_RE.match(nxt)) or (
                nxt.lstrip()[:1].isupper()
                and _prose_ratio(" ".join(lines[i] for i in filled[k:k + 3])) > 0.25)
        if cut:
            starts.append(k)
    if len(starts) == 1:
        return [part]
    where = {i: n for n, i in enumerate(part)}
    cuts = [where[filled[k]] for k in starts[1:]]
    bounds = [0, *cuts, len(part)]
    return [part[a:b] for a, b in zip(bounds, bounds[1:])]


_URLISH_RE = re.compile(r"https?://|www\.|/")
_URL_BREAK_END_RE = re.compile(r"[./_\-~#?=&]$")
_URL_GOES_ON_RE = re.compile(r"[a-z0-9_/~#.?=&-]")


def join_lines(texts: list[str]) -> str:
    """Join an entry's lines: a hyphen or a broken URL at line end joins without a space.

    The hyphen is kept ('anarcho-' + 'syndicalism'): repair removes the ones it
    is sure of, so one left here is more likely part of a compound.
    """
    parts: list[str] = []  # joined once at the end: the cost stays linear in the text
    last = ""  # the last word of what is joined so far
    for raw in texts:
        text = raw.strip()
        if not text:
            continue
        tail = text.rsplit(None, 1)[-1]
        if not parts:
            parts.append(text)
            last = tail
            continue
        urlish = bool(_URLISH_RE.search(last))
        glued = True
        if parts[-1].endswith("\u00ad"):
            parts[-1] = parts[-1][:-1]
            last = last[:-1]
        elif last.endswith("-") and len(last) > 1 and last[-2].isalpha():
            pass
        elif urlish and _URL_BREAK_END_RE.search(last) and _URL_GOES_ON_RE.match(text):
            pass
        elif text[0] in ",.;:)]":  # what repair left after moving a URL up
            pass
        else:
            glued = False
            parts.append(" ")
        parts.append(text)
        last = last + text if glued and tail == text else tail
    return "".join(parts)


def _consumed_lines(clean: CleanText) -> set[int]:
    """0-based lines emptied by a repair that joined them onto the line before."""
    out: set[int] = set()
    for rep in clean.repairs:
        if rep.applied and rep.kind in ("hyphenation", "url"):
            for k in range(max(1, rep.before.count("\n"))):
                out.add(rep.line + k)  # rep.line is 1-based, so this is the next line 0-based
    return out


DOUBLE_SPACED_MIN = 4  # blocks in a row, one blank line apart, before spacing can be double


def _double_spaced(lines: list[str], blocks: list[list[int]]) -> bool:
    """True when a chain of blocks is one text printed with a blank line after every line.

    Most blocks are a single line, and many of those lines cannot end an entry
    or a paragraph (a wrapped line ends mid-sentence): a list of one-line entries
    with a blank line after each is not double-spaced.
    """
    if len(blocks) < DOUBLE_SPACED_MIN:
        return False
    single = [b[0] for b in blocks if len(b) == 1]
    if len(single) * 10 < len(blocks) * 7:
        return False
    open_ended = sum(not _may_end(lines[i]) for i in single)
    return open_ended * 4 >= len(single)


def _chunks(clean: CleanText) -> list[_Chunk]:
    lines = clean.lines
    furniture = furniture_lines(lines) | {n - 1 for n in clean.removed}
    consumed = _consumed_lines(clean)
    out: list[_Chunk] = []
    block: list[int] = []
    chain: list[list[int]] = []  # blocks one blank line apart, in case the text is double-spaced

    colon_doc = _colon_style_document(lines)

    def split(idx: list[int]) -> None:
        for part in _split_block(lines, idx, consumed, colon_doc):
            out.append(_Chunk("text", part))

    def flush_chain() -> None:
        if chain and _double_spaced(lines, chain):
            split([i for i in range(chain[0][0], chain[-1][-1] + 1)])
        else:
            for b in chain:
                split(b)
        chain.clear()

    def flush(blank_after: bool = False) -> None:
        """End the current block; a single blank line may only be line spacing."""
        if block:
            if chain and block[0] - chain[-1][-1] != 2:
                flush_chain()
            chain.append(list(block))
            block.clear()
        if not blank_after:
            flush_chain()

    for i, line in enumerate(lines):
        if i in furniture:
            flush()
            out.append(_Chunk("furniture", [i]))
        elif not line.strip():
            if i in consumed and block:
                block.append(i)  # joined away by repair: still inside the entry
                continue
            flush(blank_after=True)
        elif is_bibliography_heading(line):
            flush()
            out.append(_Chunk("heading", [i], text=line.strip()))
        elif _may_hold(line, _NOTES_HINTS) and _NOTES_HEADING_RE.match(line):
            flush()
            out.append(_Chunk("notes", [i], text=line.strip()))
        else:
            block.append(i)
    flush()
    for chunk in out:
        if chunk.kind == "text":
            chunk.text = _BULLET_RE.sub("", join_lines([lines[i] for i in chunk.lines]), count=1)
    out = _join_lone_labels(_join_page_breaks(out, lines))
    for chunk in out:
        if chunk.kind == "text":
            chunk.score = entry_score(chunk.text, WEAK)  # (only whether it reaches WEAK and up counts)
    return out


_LONE_LABEL_RE = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)]?)\s*$")


def _lone_number(chunk: _Chunk) -> int | None:
    m = _LONE_LABEL_RE.match(chunk.text) if chunk.kind == "text" and len(chunk.text) <= 8 else None
    return int(next(g for g in m.groups() if g)) if m else None


def _join_lone_labels(chunks: list[_Chunk]) -> list[_Chunk]:
    """Join a list number printed alone, a blank line before its entry, to that entry.

    An OCR'd or column-set list can come out "1." / blank / "Kannel WB, … 1998;82:2N–9N." /
    "2." / blank / …: the numbers a column of their own. Only numbers that count up (the
    next one within a few chunks), and only onto a text that has no label of its own.
    """
    numbers = [(k, n) for k, c in enumerate(chunks) if (n := _lone_number(c)) is not None]
    if len(numbers) < 2:
        return chunks
    counted = set()
    for (k1, n1), (k2, n2) in zip(numbers, numbers[1:]):
        if n2 == n1 + 1 and k2 - k1 <= 4:
            counted.update((k1, k2))
    out: list[_Chunk] = []
    k = 0
    while k < len(chunks):
        c = chunks[k]
        nxt = chunks[k + 1] if k + 1 < len(chunks) else None
        if (k in counted and nxt is not None and nxt.kind == "text" and _lone_number(nxt) is None
                and _line_label(nxt.text) is None):
            out.append(_Chunk("text", c.lines + nxt.lines, text=c.text.strip() + " " + nxt.text))
            k += 2
            continue
        out.append(c)
        k += 1
    return out


def _open_quote(text: str) -> bool:
    """True when a quotation mark is opened and not closed: a quoted title goes on."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def _join_page_breaks(chunks: list[_Chunk], lines: list[str]) -> list[_Chunk]:
    """Join a text chunk that a page break cut in two (the next page starts mid-entry).

    Only across page furniture, only when the first part starts like an
    entry and stops mid-sentence, and the second does not start like one.
    The pieces are joined once at the end, so a chain of joins stays linear.
    """
    out: list[_Chunk] = []
    pieces: dict[int, list[str]] = {}  # id of a chunk that took the next page's text -> texts
    last_text: _Chunk | None = None
    page_break = False
    for chunk in chunks:
        if chunk.kind == "furniture":
            page_break = True
            out.append(chunk)
            continue
        if chunk.kind == "text" and page_break and last_text is not None:
            first = chunk.text.lstrip()
            if (
                _starts_like_entry(last_text.text)
                and not _ends_like_entry(lines[last_text.lines[-1]])
                and not _starts_like_entry(first)
                # (a capital may go on a title the page cut: "… Application of a" / "Statistically-Based …")
                and (first[:1].islower() or first[:1] in "(,;:–-"
                     or _goes_on(lines[last_text.lines[-1]]) or _open_quote(last_text.text))
                # (not a figure's panel letters, "a" / "b" / "BO 6 octahedron": the figures that
                # follow the list's last entry on the next page)
                and not _LETTER_ALONE_RE.match(lines[chunk.lines[0]])
            ):
                last_text.lines += chunk.lines
                pieces.setdefault(id(last_text), [last_text.text]).append(chunk.text)
                page_break = False
                continue
        out.append(chunk)
        last_text = chunk if chunk.kind == "text" else None
        page_break = False
    for chunk in out:
        if id(chunk) in pieces:
            chunk.text = join_lines(pieces[id(chunk)])
    return out


# --------------------------------------------------------------------------- runs


@dataclass
class _Run:
    heading: _Chunk | None
    entries: list[_Chunk] = field(default_factory=list)
    in_body: bool = False  # the run ended at a heading of the body ("3. Results") or at prose


def _runs(chunks: list[_Chunk], lines: list[str] | None = None) -> list[_Run]:
    runs: list[_Run] = []
    current: _Run | None = None
    numbered = False
    grace = 0  # non-entry chunks tolerated between a heading and its first entry
    held: _Chunk | None = None  # a name-led, dated chunk taken for an introduction: maybe an entry

    def close(in_body: bool = False) -> None:
        nonlocal current
        if current is not None:
            current.in_body = in_body
            runs.append(current)
        current = None

    for chunk in chunks:
        if chunk.kind == "furniture":
            continue
        if chunk.kind == "text" and current is not None and lines is not None and not (
                current.heading is not None and current.heading.kind == "notes") and _body_heading(
                lines[chunk.lines[0]]):
            # "3. Results", "4 Discussion": the list is over, the body goes on (a book's endnotes
            # go on under "Introduction", "Conclusion": the chapters they belong to)
            close(in_body=True)
        if chunk.kind == "text" and current is not None and (_section_after(chunk.text) or (
                lines is not None and len(lines[chunk.lines[0]]) <= 60
                and _section_after(lines[chunk.lines[0]]))):
            # ("Acknowledgements" alone on its line, then a text that names a year)
            close()  # "Authors' Addresses", "Acknowledgements", "Appendix A": the list is over
            continue
        if chunk.kind in ("heading", "notes"):
            close()
            current, numbered, grace, held = _Run(chunk), False, 1, None
            continue
        if current is not None:
            label = _line_label(chunk.text)
            if chunk.score >= WEAK or (
                label and current.entries and _carries_on(current.entries[-1].text, chunk.text)
            ):  # the next number of a numbered list, however short or long its entry
                if held is not None and not current.entries and _same_start(held.text, chunk.text):
                    current.entries.append(held)  # the first entry was weaker than the rest
                held = None
                current.entries.append(chunk)
                numbered = numbered or bool(label)
                continue
            if not numbered and (
                _BARE_NUMBER_START_RE.match(chunk.text) or _SUPERSCRIPT_START_RE.match(chunk.text)
            ):
                continue  # a page-bottom footnote between entries: skip, keep the run
            if not current.entries and grace > 0:
                grace -= 1  # an introductory sentence under the heading
                if current.heading is not None and current.heading.kind == "heading" and (
                    _starts_like_entry_line(chunk.text) and _YEAR_RE.search(chunk.text)
                ):
                    held = chunk  # ... or a first entry that scored low: decided by the next
                continue
            if current.heading is not None and current.heading.kind == "notes" and len(chunk.text) < 80:
                continue  # "Chapter 2": the endnotes go on chapter by chapter
            close(in_body=_prose(chunk.text))
        if _strong(chunk):
            current, numbered, grace = _Run(None, [chunk]), bool(_line_label(chunk.text)), 0
        elif chunk.kind == "text" and chunk.score >= WEAK and _foot_note_after(runs, chunk):
            # the next note at the foot of the next page, the page's body text between
            current, numbered, grace = runs.pop(), True, 0
            current.entries.append(chunk)
    close()
    return [run for run in _resume(runs) if _accept(run) and not _front_matter(run, lines)]


FRONT_LINES = 40  # filled lines at the top of a document, where its title page's matter sits
FRONT_BODY = 150  # filled lines of body after such a run, at the least, that make it front matter


def _front_matter(run: _Run, lines: list[str] | None) -> bool:
    """True for a headless run at the top of a document with the document's body after it.

    The title page's authors and affiliations, "Received 17 February 1987", and the
    article's own citation ("J. ZYLBER, …, Can. J. Chem. 66, 283 (1988).") look like
    entries; a reference list does not open a document whose text goes on for pages.
    """
    if run.heading is not None or lines is None or not run.entries:
        return False
    first, last = run.entries[0].lines[0], run.entries[-1].lines[-1]
    before = 0
    for i in range(first):
        before += bool(lines[i].strip())
        if before >= FRONT_LINES:
            return False
    span = sum(bool(lines[i].strip()) for i in range(first, last + 1))
    after = sum(bool(line.strip()) for line in lines[last + 1:])
    return after >= max(FRONT_BODY, 3 * span)


_NUMBER_KINDS = ("b", "c", "d", "n", "p", "r")  # "[1]", "1]", "1.", "1 ", "(1)", "1)"


def _foot_note_after(runs: list[_Run], chunk: _Chunk) -> bool:
    """True when ``chunk`` is the next note of the last run, which body text closed (notes at the
    foot of each page: "14 See Jeff Kosseff, …" / body text / "17 Zeran v. Am. Online, …")."""
    if not runs or not runs[-1].in_body or not runs[-1].entries:
        return False
    last = runs[-1].entries[-1]
    return (chunk.lines[0] - last.lines[-1] <= NOTES_PAGE_GAP and bool(_line_label(chunk.text))
            and _carries_on(last.text, chunk.text))


def _lone_entry(chunks: list[_Chunk], lines: list[str]) -> list[_Run]:
    """A short article's only reference, with no heading: "1. Feld AD, Moses RM. … 2009; 104: 1346-51."

    Taken only when nothing else was found: the last chunk in the document's second half
    numbered 1 (and not followed by a 2) that opens with an author list and cites a
    whole work (a year, and a journal's volume and pages, a publisher or the like).
    The entry ends at the first line that may end it once the work is whole (what
    follows in the same block is the article's closing text).
    """
    texts = [c for c in chunks if c.kind == "text"]
    if not texts:
        return []
    half = texts[-1].lines[-1] / 2
    for k in range(len(texts) - 1, -1, -1):
        c = texts[k]
        if c.lines[0] < half:
            break
        label = _line_label(c.text)
        if not (label and label[0] in _NUMBER_KINDS and label[1] == 1 and c.score >= WEAK):
            continue
        after = _line_label(texts[k + 1].text) if k + 1 < len(texts) else None
        body = _unlabelled(c.text)
        if (after is None or after[1] != 2) and _starts_like_entry_line(body) and _whole_work(body):
            filled = [i for i in c.lines if lines[i].strip()][:2 * MAX_ENTRY_LINES]
            for n, i in enumerate(filled):
                text = join_lines([lines[j] for j in filled[:n + 1]])
                if _may_end(lines[i]) and _whole_work(_unlabelled(text)):
                    return [_Run(None, [_Chunk("text", c.lines[:c.lines.index(i) + 1], c.score, text)])]
            return []
    return []


_SECTION_AFTER_RE = re.compile(
    r"^\s*(?:\d{1,2}\.?\s+|[A-Z]\.?\s+)?"
    r"(?:Authors?['’]?s?\s+(?:Address(?:es)?|Contributions?|Information)"
    r"|Acknowledge?ments?|Appendix(?:\s+[A-Z0-9]{1,3})?"
    # (an appendix in other languages: German, French, Spanish, Italian, Portuguese, Russian)
    r"|(?:Anhang|Annexes?|Anexos?|Apéndices?|Appendice|Apêndices?|Приложени[ея])(?:\s+[A-Z0-9]{1,3})?"
    r"|(?:Supplementary|Supporting) (?:Materials?|Information|Data)"
    r"|Conflicts? of Interest|Competing (?:Financial )?Interests?|Funding|Data Availability(?: Statement)?"
    r"|Declarations?|Publisher['’]s Note|How to cite this article"
    r"|Figure Legends|Tables?|Figures?|Index|Abbreviations|Contributors)(?=[\s:.]|$)",
    re.IGNORECASE,
)


def _section_after(text: str) -> bool:
    """True when a chunk opens with the heading of a section that follows a bibliography.

    ("Authors' Addresses", "Acknowledgements", "Appendix A: Proofs", "Tables") --
    a heading alone, not an entry by an organisation ("Appendix Press, 2001").
    """
    m = _SECTION_AFTER_RE.match(text)
    if not m:
        return False
    rest = text[m.end():m.end() + 60]
    return not _YEAR_RE.search(rest) or rest.lstrip()[:1] in ("", ":")


# the heading of a section of the paper's body, numbered or not ("3. Results", "4 Discussion",
# "2.2 Sample", "IV. CONCLUSIONS", "Ergebnisse"): a list in the body ends there (a "Primary
# sources" subsection of the Methods), and so does a chapter's list before the next chapter
_BODY_WORDS = (
    "introduction", "background", "related work", "literature review", "theory",
    "theoretical framework", "methods", "method", "methodology", "materials and methods",
    "data and methods", "data and methodology", "study design", "experiments", "experimental setup",
    "results", "findings", "results and discussion", "discussion", "analysis", "evaluation",
    "case study", "limitations", "conclusion", "conclusions", "concluding remarks",
    "discussion and conclusions", "discussion and conclusion", "conclusions and future work",
    "summary", "future work", "implications", "policy implications", "robustness checks",
    "einleitung", "methoden", "methode", "ergebnisse", "diskussion", "fazit", "schluss",
    "schlussfolgerungen", "zusammenfassung", "résultats", "méthodes", "méthodologie", "conclusion",
    "introducción", "métodos", "metodología", "resultados", "discusión", "conclusiones",
    "introdução", "metodologia", "discussão", "conclusões", "introduzione", "metodi", "risultati",
    "discussione", "conclusioni", "введение", "методы", "методология", "результаты",
    "обсуждение", "результаты и обсуждение", "заключение", "выводы",
)
_BODY_NUMBER = r"(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)"
_BODY_HEADING_RE = re.compile(
    rf"^\s*(?:#{{1,6}}\s*)?(?:{_BODY_NUMBER}\s+)?(?:"
    + "|".join(re.escape(w) for w in sorted(set(_BODY_WORDS), key=len, reverse=True))
    + r")\s*+(?::\s*+)?$",
    re.IGNORECASE,
)
# a subsection's number ("2.1", "3.2.4") and a title in a few words, no full stop: no list
# label has such a number
_SUBSECTION_RE = re.compile(
    rf"^\s*\d{{1,2}}(?:\.\d{{1,2}}){{1,3}}\.?\s+[{_CAPS}][^\W\d_]*(?:[\s\-]+[^\W\d_]+){{0,7}}\s*+(?::\s*+)?$")


# a subsection of the bibliography ("9.1. Normative References", "10.2. Informational References")
_LIST_WORD_RE = re.compile(
    r"referen|bibliog|literat|sources|quellen|citations|cited|notes|литератур|источник", re.IGNORECASE)
_A_LETTER_RE = re.compile(r"[^\W\d_]")


# a numbered chapter or section title: "3 Soil Moisture Retrieval from SMAP", "4. Validation",
# "## 5 Conclusions and Outlook" -- words only, no comma, full stop or bracket an entry's line has
_NUMBERED_TITLE_RE = re.compile(
    rf"^\s*(?:#{{1,6}}\s*)?(?!1[5-9]\d\d|20\d\d)\d{{1,2}}\.?\s+[{_CAPS}][^\W\d_]+"
    r"(?:(?:\s+|\s?[-–:]\s?)(?:[^\W\d_]+|\d{1,4})){0,9}\s*$")


def _numbered_title(line: str) -> bool:
    """True when ``line`` is a numbered title of a few words ("3 Soil Moisture Retrieval")."""
    return len(line) <= 60 and bool(_NUMBERED_TITLE_RE.match(line)) and not _LIST_WORD_RE.search(line)


def _body_heading(line: str, *, numbered: bool = False) -> bool:
    """True when ``line`` is a heading of the paper's body ("3. Results", "2.2 Data", "Discussion").

    Capitalised ("analysis" alone is a word of a title PDF extraction put a line),
    never a part of the list ("9.1. Normative References"); ``numbered``: with its number only.
    """
    if len(line) > 60:
        return False
    first = _A_LETTER_RE.search(line)
    if not (first and first.group(0).isupper()) or (numbered and not line.lstrip(" #")[:1].isdigit()
                                                    and not re.match(r"\s*[IVX]+\.", line)):
        return False
    return bool(_BODY_HEADING_RE.match(line) or (
        _SUBSECTION_RE.match(line) and not _LIST_WORD_RE.search(line)))


def _same_start(a: str, b: str) -> bool:
    """True when two entries open their author lists alike ("Surname, Given:" both, or both numbered)."""
    la, lb = _line_label(a), _line_label(b)
    if la or lb:
        return bool(la and lb and la[0] == lb[0])
    return bool(_NAME_COMMA_RE.match(a)) == bool(_NAME_COMMA_RE.match(b)) and (
        _name_sep(a) == _name_sep(b))


def _name_sep(text: str) -> str:
    """The mark after the author list's first name pair: ':' in "Ennen, Edith: …", else ''."""
    m = _NAME_COMMA_RE.match(text)
    if not m:
        return ""
    rest = text[m.end():m.end() + 40]
    k = min((rest.find(c) for c in ":.,(" if c in rest), default=-1)
    return rest[k] if k >= 0 else ""


RESUME_GAP = 15  # lines of other text (a page's foot and head) a list may be broken by


def _resume(runs: list[_Run]) -> list[_Run]:
    """Join a headless run to the run before it when it carries on that list.

    A page break can leave a few lines that are neither entries nor recognised
    furniture (a journal's footer, "Author Manuscript" stamps); the list goes
    on after them with the next number, or the next name in alphabetical order.
    """
    out: list[_Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if (
            prev is not None and run.heading is None and prev.entries and run.entries
            and (prev.heading is None or prev.heading.kind == "heading")
            and ((run.entries[0].lines[0] - prev.entries[-1].lines[-1] <= RESUME_GAP
                  and _carries_on(prev.entries[-1].text, run.entries[0].text))
                 or (run.entries[0].lines[0] - prev.entries[-1].lines[-1] <= NOTES_PAGE_GAP
                     and _numbered_notes(prev.entries, run.entries[0].text)))
        ):
            prev.entries += run.entries
            continue
        out.append(run)
    return out


NOTES_PAGE_GAP = 150  # lines of body text between one page's numbered reference notes and the next's


def _numbered_notes(entries: list[_Chunk], first: str) -> bool:
    """True when ``first`` opens with the number after the last numbered entry's, both "(6)" or "[6]".

    A letters journal prints its numbered references at the foot of each page, under the
    body text: the list goes on a page's text later with the next number.
    """
    a = next((lab for c in reversed(entries[-3:]) if (lab := _line_label(c.text))), None)
    b = _line_label(first)
    return bool(a and b and a[0] == b[0] and a[0] in ("p", "b")
                and isinstance(a[1], int) and 0 < int(b[1]) - a[1] <= 2)


def _carries_on(last: str, first: str) -> bool:
    """True when entry ``first`` can follow entry ``last`` in one list."""
    a, b = _line_label(last), _line_label(first)
    if a or b:
        if not (a and b) or a[0] != b[0]:
            return False
        if isinstance(a[1], int) and a[0] != "e":
            return 0 < int(b[1]) - a[1] <= 2
        return True
    ka, kb = sort_key(last), sort_key(first)
    return bool(ka and kb) and kb >= ka


def _prose(text: str) -> bool:
    """Full lines of running text (a paragraph of the body, not a subheading or a stray line)."""
    return text.count(" ") >= PROSE_WORDS and _prose_ratio(text[:600]) > 0.25


def _sources_part(heading: str) -> bool:
    """A heading that names sources ("Sources", "Primary sources", "2.1 Sources"): a list's part, or a
    subsection of the Methods that says where the data come from."""
    text = heading.replace("*", "").replace("_", " ").lstrip(_HEADING_MARKS)
    m = _HEADING_RE.match(text)
    return bool(m) and (m.group("word").lower() in _SOURCES_WORDS or m.group("word").lower() == "sources")


_EMPTY_LABEL_RE = re.compile(r"^\s*\[\s?\]\s")


def _digits_lost(text: str) -> bool:
    """True for "[ ] J. Smith, J Chem Phys , ().": an entry whose digits a font without them lost.

    Its list number went with its year, volume and pages, so it cannot have the year or the
    volume that a headless list's entries are known by.
    """
    return bool(_EMPTY_LABEL_RE.match(text)) and not _VOLUME_HINT_RE.search(text[:SCORED_LENGTH])


def _strong(chunk: _Chunk) -> bool:
    """A chunk entry-like enough to start a headless run (or an entry with its digits lost, weaker)."""
    return chunk.score >= STRONG or (chunk.score >= WEAK and _digits_lost(chunk.text))


def _accept(run: _Run) -> bool:
    if run.heading is not None and run.heading.kind == "notes":
        # endnotes: the notes that carry a full citation are entries, if most notes do
        full = [c for c in run.entries if c.score >= FULL_NOTE]
        if len(full) * 2 < len(run.entries) or not full:
            return False
        run.entries = full
        return True
    if not run.entries:
        return False
    strong = sum(_strong(c) for c in run.entries)
    named = sum(_starts_like_entry_line(_unlabelled(c.text)) or _law_citation(c.text)
                for c in run.entries)
    n = len(run.entries)
    if run.heading is not None:
        if run.in_body and _sources_part(run.heading.text):
            # "Primary sources" in the Methods, the body going on after it: a bibliography only
            # when its lines open like references (authors, an organisation and its year), not
            # when they describe the data ("Overseers' accounts of twelve parishes, 1750-1800.")
            return named * 2 >= n
        # (one clear entry, or most led by names: "Literatur" heads a table's column of sources too)
        return strong > 0 or named * 2 >= n
    dated = sum(bool(_YEAR_RE.search(c.text)) or _digits_lost(c.text) for c in run.entries)
    # not table rows ("... 2 dates"); an entry whose volume and pages are lost ends "Nature,"
    ended = sum(_may_end(c.text[-300:]) or (c.text.endswith(",") and _starts_like_entry_line(
        _unlabelled(c.text))) for c in run.entries)
    return (n >= MIN_HEADLESS and strong * 2 >= n and dated * 2 >= n and named * 3 >= n
            and ended * 2 >= n)


# a law citation (Bluebook): volume, reporter or journal, first page, pin cite, and the court and
# year in brackets: "361 U.S. 147, 152–53 (1959)", "776 F. Supp. 135, 140 (S.D.N.Y. 1991)",
# "86 FORDHAM L. REV. 401, 404 (2017)" -- a note that carries it cites a work in full, however
# it opens ("See, e.g., Doe v. MySpace, Inc., …", "Danielle Keats Citron & Benjamin Wittes, …")
_LAW_CITE_RE = lazy_compile(
    rf"\b\d{{1,4}}\s+(?:[A-Z][\w.&'’]*\s+){{1,6}}?\d{{1,5}}(?:,\s*\d[\d–-]*)*\s*\([^()]{{0,40}}?{_YEAR}\)")


def _law_citation(text: str) -> bool:
    return "(" in text and bool(_LAW_CITE_RE.search(text[:400]))


def _unlabelled(text: str) -> str:
    """The text after a list label ("[3] Smith, J." -> "Smith, J."; "(3) (a) Smith" -> "Smith")."""
    m = _ANY_LABEL_RE.match(text)
    if not (m and _line_label(text)):
        return text
    rest = text[m.end():].lstrip()
    sub = _SUB_LABEL_RE.match(rest)  # the first work of a compound reference
    return rest[sub.end():] if sub else rest


_SUB_LABEL_RE = re.compile(r"\(?[a-h]\)\s+")


# --------------------------------------------------------------------------- compound references

# A numbered entry may cite several works ("[3] A, Z. Phys. C 46, 93 (1990); B, Phys. Rev. D
# 41, 142 (1990)."): each is an entry of its own, under the same number. A work ends at a
# ";", at ". " after a closing bracket or the pages, or at a line's end, where what came
# before is a whole reference and what follows opens a new one (an author list, or a journal after a
# journal citation: "…, Nucl. Phys. B533, 627 (1998); Phys. Lett. B 435, 389 (1998).").
# Not a boundary: "2010;12(3):45-9", "pp. 3; 5", "Smith, J.; Jones, K." (no reference
# before the ";"), an erratum ("…; 41, 690(E) (1988)", "; Erratum: …"), a translation
# in brackets ("; [Pisma Zh. …]").
_PART_SEP_RE = re.compile(r";[ \t]*\n?[ \t]*|(?<=[)\]\d])\.[ \t]*\n?[ \t]*(?=\S)|\n")
# a journal's volume and pages: "46, 93", "B533, 627", "12(3):45", "22 (2005) 339", "D61 (2000)",
# "A21S1 (2006) 117", IOP's "1994 J. Phys. A: Math. Gen. 27 153", "p. 84"
_CITED_IN_RE = lazy_compile(
    rf"\b[A-Z]?\d{{1,5}}[A-Z]?\s*(?:\(\d{{1,4}}\)\s*)?[,:]\s*[A-Z]?\d{{1,7}}"
    rf"|\b[A-Z]?\d{{1,5}}[A-Z]?\s*\(\s*{_YEAR}\s*\)|\(\s*{_YEAR}\s*\)\s*[A-Z]?\d{{1,7}}\b"
    rf"|\bpp?\.\s*\d|\b{_YEAR}\s+\D{{3,60}}?\s[A-Z]?\d{{1,5}}\s+[A-Z]?\d{{1,7}}\b"
)
_EPRINT_RE = lazy_compile(r"\barxiv\b|\b[a-z][a-z\-]{1,10}(?:\.[A-Z]{2})?/\s?\d{7}\b", re.IGNORECASE)
_THESIS_RE = re.compile(r"\b(?:Ph\.?\s?D\.?|thesis|Th[eè]se|dissertation|Diss\.)", re.IGNORECASE)
# the year closes the reference: "…, 2004", "… (1990)", "… 2001)"
_CLOSING_YEAR_RE = re.compile(rf"(?:^|[\s(,]){_YEAR}[a-z]?\)?\]?[.,]?$")
# a journal and its volume, no authors: "Phys. Lett. B 435, 389", "Astropart. Phys. 22 (2005) 339",
# "ibid 81, 155303" (the authors are those of the work before)
_JOURNAL_START_RE = lazy_compile(
    r"(?:ibid\.?,?|(?=[^\W\d_]*\s?\.)(?:[A-Z][A-Za-z]{0,14}\s?\.\s*|[A-Z][a-z]{2,14}\s+|[A-Z]{2,6}\s+){1,7})"
    r"\s*,?\s*(?:[A-Z]\s?)?\d{1,5}[A-Z]?\s*(?:,\s*[A-Z]?\d|\(\s*\d{4}|\s+\d)"
    # no abbreviation: a volume with its year in brackets ("Nature 445, 896 (2007)", "PoS LATTICE
    # 2013 (2014) 039"), not an erratum's or a comment's ("Erratum 41, 690 (1988)")
    rf"|(?!(?:Errat|Addend|Corrig|Comment|Reply))(?:[A-Z][A-Za-z]{{1,14}}\s+){{1,4}}[A-Z]?\d{{1,5}}[A-Z]?"
    rf"\s*(?:\(\s*{_YEAR}\s*\)\s*\d|,\s*[A-Z]?\d{{1,7}}\s*\(\s*{_YEAR}\s*\))"
)
# the pages that end a journal citation: "(1991) 641", "41, 142", "12:45-9"
_PAGES_END_RE = re.compile(r"[,:)]\s*[A-Z]?\d{1,7}(?:\s*[-–]\s*\d{1,7})?$")
# a compound reference whose works are lettered: "[3] a) …; b) …; c) …" ("b )" as extraction spaces it)
_FIRST_LETTER_RE = re.compile(r"\s*\(?a\s?\)\s*")
# what the look-ahead at a new work ignores: a line-end hyphen ("Bod-" / "win"), a split accent ("Ko ¨rner")
_AHEAD_NOISE_RE = lazy_compile(r"(?<=-)\n|\s?[¨´`ˆ˜]\s?")
# author lists the entry patterns miss: "M. Beuthe, Phys. Rep. 375", "O. Suvorova arXiv.org:",
# "Bashir Inam-ul et al.", "King-Yuen Ng, “Wake …”",
# "P Schwendimann, C Ciuti", "A. Aubert (CDF Collaboration)"
_PART_AUTHOR_RE = lazy_compile(
    # initials first, then a journal ("M. Beuthe, Phys. Rep. 375": a journal alone is told apart first)
    rf"{_INITIALS}\s?(?:{_PARTICLE}\s+)*{_NAME}(?:[\s\-]{_NAME})?\s*(?:[,;:(&]|and\b|et\b|\s[a-z])"
    rf"|{_SURNAME}(?:\s+{_NAME}){{0,2}},?\s+et\s+al\b"
    rf"|{_NAME}\s+{_SURNAME},\s*[“\"]"
    rf"|(?:[A-Z]\.?\s){{1,3}}{_SURNAME},\s+(?:[A-Z]\.?\s){{1,3}}{_NAME}"
    rf"|(?:{_INITIALS}\s?)?{_SURNAME}(?:\s+et\s+al\.?)?,?\s+\([^()]{{0,40}}Collaborations?\)"
)


# what opens a place, not an author list, after a ";": a place and its state or country code
# ("Leeds, UK.", "San Diego, CA.", "Chicago, IL, USA": not "Lee, SH, Kim, JY"), or a place and its
# imprint ("Kinsdale, Ireland. Berlin: Springer; 2002", "Berkeley, University of California Press, 1982",
# "Montreal, Canada: Black Rose, 1989")
_PLACE_CODE_RE = lazy_compile(
    rf"{_SURNAME},\s*[A-Z]{{2,3}}(?=\s*[,.:;)]|\s*$)(?!,\s*[A-Z][a-z]+,\s*[A-Z]{{1,3}}\b)"
)
_PLACE_IMPRINT_RE = lazy_compile(
    rf"{_SURNAME},\s+(?P<region>(?:{_NAME}\s?){{1,3}}(?P<c1>[.,:])\s*)?"
    rf"(?:(?:{_NAME}\s?){{1,3}}(?:\([A-Z]{{2,3}}\))?(?P<c2>:)\s*)?"
    rf"(?P<pub>[^.,;:()]{{2,60}}?)[,;]\s*{_YEAR}\b"
)


def _opens_place(text: str) -> bool:
    """Does ``text`` open with a place (a conference's, a publisher's), not an author list?"""
    if _PLACE_CODE_RE.match(text):
        return True
    m = _PLACE_IMPRINT_RE.match(text)
    # (a publisher alone must follow the place at once: "Isaac Deutscher, The Prophet Armed, Oxford
    # University Press, 1954" is an author and a title)
    return bool(m) and (m.group("c1") == ":" or bool(m.group("c2")) or (
        not m.group("region") and bool(_PUBLISHER_RE.search(m.group("pub")))))


def _unclosed(text: str) -> bool:
    """Is a bracket left open in ``text``? (no work ends inside one: "(Tübingen, 1922; Berkeley, …)")"""
    return text.count("(") > text.count(")") or text.count("[") > text.count("]")


def _whole_work(text: str, cited_in: bool = False) -> bool:
    """Does ``text`` cite a whole work: a year and where it appeared (or an e-print id)?

    With ``cited_in``, only a journal's volume and pages or an e-print id will do.
    """
    if _EPRINT_RE.search(text):
        return True
    if not _YEAR_RE.search(text):
        return False
    if _CITED_IN_RE.search(text) or _VOLUME_RE.search(text):
        return True
    return not cited_in and bool(
        _PUBLISHER_RE.search(text) or _THESIS_RE.search(text)
        or _CLOSING_YEAR_RE.search(text.strip().rstrip(";").rstrip()))


def _opens_work(text: str, journal: bool) -> bool:
    """Does ``text`` open a cited work: an author list (or, with ``journal``, a journal citation)?"""
    sub = _SUB_LABEL_RE.match(text)  # "(b) R. Grigg, …"
    if sub:
        text = text[sub.end():]
    if _JOURNAL_START_RE.match(text):
        return journal
    if _opens_place(text):
        return False
    return bool(
        _INITIALS_FIRST_RE.match(text) or _SURNAME_INITIALS_RE.match(text)
        or _BARE_INITIALS_RE.match(text) or _NAME_COMMA_RE.match(text)
        or _SURNAME_COMMA_INITIALS_RE.match(text) or _FULL_NAMES_RE.match(text)
        or _PART_AUTHOR_RE.match(text)
    )


def _lettered(text: str) -> list[int] | None:
    """Where the works of a lettered compound reference start ("[3] a) …; b) …"), or None.

    The letters mark the works: the entry is cut at them and nowhere else (a
    journal's parallel edition, "…; Angew. Chem. 2012, 124, 11206", stays with its work).
    """
    label = _ANY_LABEL_RE.match(text)
    if not label or not _FIRST_LETTER_RE.match(text, label.end()):
        return None
    cuts: list[int] = []
    pos = label.end()
    for letter_re in _LETTER_RES:
        m = letter_re.search(text, pos)
        if not m:
            break
        cuts.append(m.start(1))
        pos = m.end()
    return cuts


_LETTER_RES = [re.compile(rf"[;.]\s*(\(?{letter}\s?\))") for letter in "bcdefghij"]


def _works(lines: list[str], idx: list[int]) -> list[tuple[list[int], str]] | None:
    """The works one labelled entry cites, as (lines, text) each; None when it cites one.

    ``idx`` are the entry's 0-based lines. A work may start in the middle of a
    line, so two works can share a line.
    """
    filled = [i for i in idx if lines[i].strip()]
    texts = [lines[i].strip() for i in filled]
    text = "\n".join(texts)
    if not _PART_SEP_RE.search(text):
        return None  # (one line with no ";" nor ". " after a bracket or a number)
    starts: list[int] = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    lettered = _lettered(text)
    cuts = lettered or []
    last = 0
    for m in _PART_SEP_RE.finditer(text) if lettered is None else ():
        at = m.end()
        if at >= len(text):
            break
        sep = m.group(0)
        before = text[max(last, m.start() - SCORED_LENGTH):m.start()]  # (linear however long)
        ahead = _AHEAD_NOISE_RE.sub("", text[at:at + 160]).replace("\n", " ")
        if _unclosed(text[last:m.start()]):
            ok = False
        elif sep.startswith(";"):
            ok = _whole_work(before) and _opens_work(ahead, bool(_CITED_IN_RE.search(before)))
        elif "\n" in sep or sep.startswith("."):
            k = bisect_right(starts, m.start()) - 1
            # a line that ends a whole journal reference (or a bracket or the pages and ". "), then
            # an author list: "… 62, 2223 (1984)." / "K. Okazaki, …"; "… (1966). G. Cognola, …";
            # "… B 362 (1991) 641. H. Gausterer, …" (not a list number: "…; 5. Shehzad Z")
            ends = _may_end(texts[k]) if "\n" in sep else (
                not text[m.start() - 1].isdigit() or bool(_PAGES_END_RE.search(before)))
            ok = ends and _whole_work(before, cited_in=True) and _opens_work(ahead, False)
        else:
            ok = False
        if ok:
            cuts.append(at)
            last = at
    # the last work must be whole too: "…; J. Smith, private communication." stays in the one before
    while cuts and not _whole_work(text[cuts[-1]:cuts[-1] + SCORED_LENGTH]):
        cuts.pop()
    if not cuts:
        return None
    bounds = [0, *cuts, len(text)]
    pieces = [text[a:b].rstrip().rstrip(";").rstrip() for a, b in zip(bounds, bounds[1:])]
    spans = [[filled[bisect_right(starts, a) - 1],
              filled[bisect_right(starts, a + max(len(piece) - 1, 0)) - 1]]
             for a, piece in zip(bounds, pieces)]
    # lines a repair emptied stay with the work before them (the entry's first and last too)
    spans[0][0], spans[-1][1] = idx[0], idx[-1]
    for span, nxt in zip(spans, spans[1:]):
        span[1] = max(span[1], nxt[0] - 1)
    return [([i for i in idx if first <= i <= last], join_lines(piece.split("\n")))
            for (first, last), piece in zip(spans, pieces)]


# --------------------------------------------------------------------------- anomalies


def sort_key(entry_text: str) -> str:
    """The first author's surname as an alphabetical list sorts it: 'van Dijk, J.' -> 'vandijk'."""
    text = re.sub(r"^\s*(?:\[\d+\]|\d+[.)])\s*", "", entry_text)
    head = re.split(r"[,(:]|\s(?:and|&)\s|\.\s", text, maxsplit=1)[0]
    folded = unicodedata.normalize("NFKD", head)
    return "".join(c for c in folded if c.isalpha()).lower()


def _surname(entry_text: str) -> str:
    text = re.sub(r"^\s*(?:\[\d+\]|\d+[.)])\s*", "", entry_text)
    return re.split(r"[,(:]|\.\s", text, maxsplit=1)[0].strip()


# Share of surnames by initial letter (rounded from the US Census 2010 surname
# list); used only to judge how unlikely it is that a real list of n authors
# stops at a given letter.
_INITIAL_SHARE = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (3.5, 9.5, 7.5, 4.8, 1.9, 3.6, 5.4, 7.5, 0.4, 2.7, 4.0, 5.0, 9.3,
         1.8, 1.4, 5.2, 0.2, 5.6, 10.0, 3.6, 0.3, 1.6, 5.8, 0.05, 0.6, 0.6),
    )
)
_TOTAL_SHARE = sum(_INITIAL_SHARE.values())
UNLIKELY = 0.01  # report a short alphabet when a full list would reach further 99% of the time


def _share_up_to(letter: str) -> float:
    return sum(v for k, v in _INITIAL_SHARE.items() if k <= letter) / _TOTAL_SHARE


def entry_labels(entries: list[RawReference]) -> list[int | None]:
    """The number each entry is labelled with ("[3] …", "3. …"), or None.

    Every work of a compound reference has its number ("[3]" for each).
    """
    out: list[int | None] = []
    for e in entries:
        # the label the list's splitter read ("(4)", ACS; "[4]"; "4."): numbered however printed
        printed = _PRINTED_NUMBER_RE.fullmatch(e.label or "")
        if printed:
            out.append(int(printed.group(1)))
            continue
        # (a compound reference's later works are printed without the label: it is kept apart)
        m = _LABEL_RE.match(f"{e.label} {e.text}" if (e.part or 1) > 1 and e.label else e.text)
        out.append(int(m.group("b") or m.group("n")) if m else None)
    return out


_PRINTED_NUMBER_RE = re.compile(r"[\[(]?(\d{1,4})[\]).]?\.?")


def _numbering_anomalies(entries: list[RawReference], labels: list[int | None]) -> list[Anomaly]:
    out: list[Anomaly] = []
    prev: tuple[int, int] | None = None
    for e, n in zip(entries, labels):
        if n is None or (e.part or 1) > 1:
            continue  # (the works of a compound reference are one number)
        if prev is not None:
            if n <= prev[0]:
                out.append(Anomaly(
                    kind="out-of-order", line=e.line,
                    message=f"entry [{n}] at line {e.line} follows [{prev[0]}] at line {prev[1]}:"
                    " pages may be out of order",
                ))
            elif n > prev[0] + 1:
                gap = f"[{prev[0] + 1}]" if n == prev[0] + 2 else f"[{prev[0] + 1}]–[{n - 1}]"
                out.append(Anomaly(
                    kind="gap", line=e.line,
                    message=f"entries {gap} are missing between line {prev[1]} and line {e.line}:"
                    " a page may be missing",
                ))
        prev = (n, e.line)
    return out


def _script(key: str) -> str:
    """The writing system a sort key starts in: 'LATIN', 'CYRILLIC', 'GREEK', …"""
    return unicodedata.name(key[0], "?").split()[0]


def _alphabetical_anomalies(entries: list[RawReference], lines: list[str]) -> list[Anomaly]:
    keys = [sort_key(e.text) for e in entries]
    pairs = [(a, b) for a, b in zip(keys, keys[1:]) if a and b]
    if len(entries) < 3 or not pairs:
        return []
    # (a list sorts each script apart: Cyrillic works, then Latin ones, is no break)
    breaks = [k for k in range(1, len(keys)) if keys[k] and keys[k - 1] and keys[k] < keys[k - 1]
              and _script(keys[k]) == _script(keys[k - 1])]
    if len(breaks) > max(1, len(pairs) // 5):
        return []  # not an alphabetical list (or too shuffled to say where it breaks)
    out: list[Anomaly] = []
    for k in breaks:
        e, p = entries[k], entries[k - 1]
        out.append(Anomaly(
            kind="out-of-order", line=e.line,
            message=f"entries at line {e.line} ({_surname(e.text)}) follow "
            f"'{_surname(p.text)}' at line {p.line}: pages may be out of order",
        ))
    out += _alphabet_span(entries, keys, lines)
    return out


def _alphabet_span(entries: list[RawReference], keys: list[str], lines: list[str]) -> list[Anomaly]:
    """A list that covers only part of the alphabet has likely lost a page at an end."""
    keyed = [(k, e) for k, e in zip(keys, entries) if k and "a" <= k[0] <= "z"]
    n = len(keyed)
    if n < 5:
        return []
    out: list[Anomaly] = []
    # the last entry under the highest key, the first under the lowest
    last_key, last = max(reversed(keyed), key=lambda t: t[0])
    first_key, first = min(keyed, key=lambda t: t[0])
    if _share_up_to(last_key[0]) ** n < UNLIKELY:
        after = _what_follows(lines, last.line_end)
        out.append(Anomaly(
            kind="stops-early", line=last.line_end,
            message=f"the alphabetical list stops at '{_surname(last.text)}' (entry at line "
            f"{last.line}, ending line {last.line_end}): {n} entries cover only "
            f"{first_key[0].upper()}–{last_key[0].upper()}, {after}; a page of the "
            "bibliography is likely missing",
        ))
    below = first_key[0]
    if below > "a" and (1 - _share_up_to(chr(ord(below) - 1))) ** n < UNLIKELY:
        out.append(Anomaly(
            kind="starts-late", line=first.line,
            message=f"the alphabetical list starts at '{_surname(first.text)}' (line "
            f"{first.line}): no entries before {below.upper()}; a first page of the "
            "bibliography is likely missing",
        ))
    return out


def _what_follows(lines: list[str], line_end: int) -> str:
    furniture = furniture_lines(lines)
    for i in range(line_end, len(lines)):
        if lines[i].strip() and i not in furniture:
            text = lines[i].strip()
            if is_bibliography_heading(text):
                return f"followed by the heading '{text}' at line {i + 1}"
            return f"followed by other text at line {i + 1}"
    return "at the end of the document"


def _starts_over(before: list[RawReference], after: list[RawReference],
                 labels: dict[int, int | None]) -> bool:
    """Does the list ``after`` start again where ``before`` ended ('[1]' after '[12]', 'Abel' after 'Young')?"""
    if not before or not after:
        return False
    a, b = labels.get(id(before[-1])), labels.get(id(after[0]))
    if a is not None and b is not None:
        return b <= a
    ka, kb = sort_key(before[-1].text), sort_key(after[0].text)
    return bool(ka and kb and kb < ka)


def _own_lists(bib_sections: list[BibliographySection], entries: list[RawReference],
               labels: list[int | None]) -> bool:
    """True when each section is a list of its own: a chapter's references, a chapter's notes.

    Every section has its heading ('References' at each chapter's end) and each
    starts its numbering or alphabet over, or comes right under the one before
    ('Primary Sources', then 'Secondary Sources'): the lists are not one list
    cut by a lost or shuffled page.
    """
    if len(bib_sections) < 2 or not all(s.heading for s in bib_sections):
        return False
    by_label = {id(e): n for e, n in zip(entries, labels)}
    groups = [[e for e in entries if e.section == k] for k in range(len(bib_sections))]
    return all(b.line - a.line_end <= 3 or _starts_over(x, y, by_label)
               for a, b, x, y in zip(bib_sections, bib_sections[1:], groups, groups[1:]))


def _anomalies(bib_sections: list[BibliographySection], entries: list[RawReference],
               lines: list[str]) -> list[Anomaly]:
    labels = entry_labels(entries)
    if _own_lists(bib_sections, entries, labels):
        # per-chapter lists: each is checked alone, and being in several places is their nature
        out: list[Anomaly] = []
        for k in range(len(bib_sections)):
            mine = [e for e in entries if e.section == k]
            if not (bib_sections[k].heading and _NOTES_HEADING_RE.match(bib_sections[k].heading)):
                out += _list_anomalies(mine, entry_labels(mine), lines)  # (notes are in no order)
        return out
    out = []
    if len(bib_sections) > 1:
        where = ", ".join(
            f"lines {s.line}–{s.line_end} ({repr(s.heading) if s.heading else 'no heading'})"
            for s in bib_sections
        )
        out.append(Anomaly(
            kind="split", line=bib_sections[1].line,
            message=f"the bibliography is in {len(bib_sections)} places: {where}",
        ))
    return out + _list_anomalies(entries, labels, lines)


def _list_anomalies(entries: list[RawReference], labels: list[int | None], lines: list[str]) -> list[Anomaly]:
    """Gaps and jumps back in a numbered list; breaks and a short alphabet in an alphabetical one."""
    numbers = [n for e, n in zip(entries, labels) if (e.part or 1) == 1]  # one per list number
    if sum(n is not None for n in numbers) * 2 > len(numbers):
        return _numbering_anomalies(entries, labels)
    return _alphabetical_anomalies(entries, lines)


# --------------------------------------------------------------------------- entry point


def _run_entries(lines: list[str], run: _Run, section: int) -> list[RawReference]:
    """A run's entries; in a numbered list each with its label, a compound reference split into its works."""
    labels = [_line_label(c.text) for c in run.entries]
    numbered = sum(lab is not None for lab in labels) * 2 >= len(labels)
    out: list[RawReference] = []
    for c, lab in zip(run.entries, labels):
        whole = RawReference(text=c.text, line=c.lines[0] + 1, line_end=c.lines[-1] + 1, section=section)
        if not (numbered and lab is not None):
            out.append(whole)
            continue
        m = _ANY_LABEL_RE.match(c.text)
        label = m.group(0).strip() if m and lab[0] != "e" else None
        works = _works(lines, c.lines)
        if works is None:
            out.append(whole.model_copy(update={"label": label}))
            continue
        out += [
            RawReference(text=text, line=idx[0] + 1, line_end=idx[-1] + 1, section=section,
                         label=label, part=k)
            for k, (idx, text) in enumerate(works, start=1)
        ]
    return out




def locate(clean: CleanText) -> Bibliography:
    """Find the bibliography sections of ``clean`` and split them into entries.

    Returns an empty :class:`Bibliography` when nothing entry-like is found;
    the caller decides whether that is an error.
    """
    lines = clean.lines
    chunks = _chunks(clean)
    runs = _runs(chunks, lines) or _lone_entry(chunks, lines)
    sections: list[BibliographySection] = []
    entries: list[RawReference] = []
    for run in runs:
        index = len(sections)
        run_entries = _run_entries(lines, run, index)
        start = run.heading.lines[0] + 1 if run.heading else run_entries[0].line
        sections.append(BibliographySection(
            heading=run.heading.text if run.heading else None,
            line=start,
            line_end=run_entries[-1].line_end,
        ))
        entries += run_entries
    return Bibliography(
        sections=sections, entries=entries, anomalies=_anomalies(sections, entries, lines)
    )
