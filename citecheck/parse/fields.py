"""Token labels -> typed fields and an entry type.

Takes the tokens of one reference and the label the CRF gave each, applies
a few deterministic label repairs (a token that is plainly a URL or DOI is
one, whatever the model thought), groups consecutive tokens into segments,
runs the normalisers (:mod:`citecheck.parse.normalize`) and returns
``(entry type, Fields keyword arguments, normaliser failures)``.
"""

from __future__ import annotations

import re

from ..text import DATA_TYPES, lazy_compile
from .normalize import (
    LEADING_IN, LOWER, ORG_WORDS, PARTICLES, UPPER, Segments, clean, is_place, is_region, joined,
    normalize, strip_title, town_like,
)
from .tokens import CUES, _has_digit, _has_year, ends_chunk, strip_word

_URL_TOKEN = re.compile(r"^[<(\[]?(?:https?://|ftp://|www\.)\S+", re.I)
_DOI_TOKEN = re.compile(r"^[<(\[]?(?:doi:|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+", re.I)
_URL_TAIL = re.compile(r"^[\w.~%/-]*/[\w.~%/#?=&-]*[.,;]?$|^[\w-]+\.(?:html?|php|pdf|aspx?)[.,;]?$")
_REPORT_NUMBER = re.compile(r"\b(?:no|nr|number|#)\.?\s*([\w/.-]*\d[\w/.-]*)", re.I)
# "Technical Report TR-2004-17", "Working Paper 12/3": the identifier after the genre
_REPORT_ID = lazy_compile(
    r"\b(?:report|rep|paper|memo|memorandum|note|series|rapport|bericht)\b\.?[\s,]+"
    r"([A-Za-z]*[-/.]?[\w/.-]*\d[\w/.-]*)", re.I)
_ARXIV = lazy_compile(r"(?i)^\W*arxiv\b|^\W*\d{4}\.\d{4,5}(?:v\d+)?\W*$|^\W*[a-z-]+(?:\.[A-Z]{2})?/\d{7}")
_INITIALS_TOKEN = re.compile(r"^(?:[A-Z]\.){1,3},?$")
_ISBN_TOKEN = re.compile(r"^(?:ISBN|ISBN-1[03]):?$", re.I)

PROCEEDINGS = re.compile(
    r"\b(proc(eedings)?|conference|conf\.|symposium|workshop|congress|colloqui|meeting|"
    r"tagung|actes|atti)\b",
    re.I,
)
# a patent or a standard, printed as its genre or where a journal would be ("U.S. Patent
# 10 123 456", "(ISO Standard No. 19458:2019)", "IEEE Std 802.3-2018"): not a journal article
PATENT_OR_STANDARD = re.compile(
    r"\b(?:patent|patentschrift|brevet|std)\b|\bstandard\s+no\b|^\W*(?:ISO|DIN|EN|BS|ANSI|ASTM)\s",
    re.I)
THESIS_PHD = re.compile(r"\b(ph\.?\s?d|doctoral|dissertation|diss(?=\.)|doctorat|thèse|these|tese|"
                        r"doutorado|doctorado|dottorato)\b", re.I)
# a master's degree named without the word "thesis" ("Dissertação (Mestrado em História)")
MASTERS = re.compile(r"\b(mestrado|maestr[ií]a|laurea magistrale)\b", re.I)
THESIS_MA = re.compile(r"\b(master'?s?|m\.?a\.?|m\.?sc\.?|mphil|diplom|magister)\b", re.I)
THESIS = re.compile(r"\bthesis\b", re.I)
REPORT = re.compile(
    r"\b(report|working paper|technical|memorandum|memo|white paper|discussion paper|"
    r"occasional paper|rapport|bericht)\b|\btech\.?\s*rep\b",  # "Tech. Rep.", "TechRep"
    re.I,
)


def repair_labels(tokens: list[str], labels: list[str]) -> list[str]:
    """Fix labels that a rule knows better than the model.

    - A token that starts like a URL is ``url``; the path tail of a URL that
      a line break split ("www.example." + "org/path.html,") stays ``url``.
    - A bare DOI is ``doi``; "ISBN" and the number after it are ``isbn``.
    """
    out = list(labels)
    for i, tok in enumerate(tokens):
        if _DOI_TOKEN.match(tok) and not tok.lower().startswith(("http", "www")):
            out[i] = "doi"
        elif _URL_TOKEN.match(tok):
            out[i] = "doi" if "doi.org/" in tok.lower() else "url"
            j = i + 1
            # a URL broken at a line end: the next token continues the path
            while (
                j < len(tokens)
                and tok.endswith((".", "/", "-", "_"))
                and _URL_TAIL.match(tokens[j])
            ):
                out[j] = out[i]
                tok = tokens[j]
                j += 1
        elif _ISBN_TOKEN.match(tok) and i + 1 < len(tokens):
            out[i] = out[i + 1] = "isbn"
    out = _mend_chunks(tokens, out)
    out = _split_editor_cue(tokens, out)
    text = " ".join(tokens)
    low = text.lower()
    if any(w in low for w in _ROLE_WORDS) and any(w in low for w in _ROLE_LEAD_WORDS):
        out = _role_phrase(tokens, out)
    if "coll" in low and _SERIES_CUE.search(text):
        out = _series_cue(tokens, out)
    if tokens and tokens[-1].startswith(")", len(tokens[-1].rstrip(".")) - 1):
        out = _bracket_series(tokens, out)
    if "//" in tokens:
        out = _gost_parts(tokens, out)
    if _EDITION_HINT.search(text):
        out = _edition_phrase(tokens, out)
    if _REPRINT_HINT.search(text):
        out = _reprint(tokens, out)
    out = _access_phrase(tokens, out)
    out = _colon_after_names(tokens, out)
    out = _title_after_inverted_name(tokens, out)
    out = _title_after_initials(tokens, out)
    out = _place_before_year(tokens, out)
    out = _title_in_name_list(tokens, out)
    out = _title_as_publisher(tokens, out)
    out = _title_after_date(tokens, out)
    out = _journal_from_title_tail(tokens, out)
    out = _title_from_note(tokens, out)
    out = _names_closed_by_editor_cue(tokens, out)
    out = _editors_without_cue(tokens, out)
    out = _closing_editors_are_publisher(tokens, out)
    out = _title_tail_in_publisher(tokens, out)
    out = _leading_publisher(tokens, out)
    out = _leading_organisation(tokens, out)
    out = _title_after_in_editors(tokens, out)
    if _IN_HINT.search(text):
        out = _in_inside_title(tokens, out)
    out = _series_before_imprint(tokens, out)
    if "«" in text and _GUILLEMET_ITEM.search(text):
        out = _guillemet_journal(tokens, out)
    out = _in_journal_is_container(tokens, out)
    if " In: " in text or " in: " in text:
        out = _in_colon_container(tokens, out)
    out = _year_range_in_title(tokens, out)
    if any(w in low for w in (" vol", " bd", " bä", " tom")) and _VOLUME_COUNT.search(text):
        out = _volume_count(tokens, out)
    out = _year_range_as_pages(tokens, out)
    out = _issue_after_volume(tokens, out)
    if "journal" in out and "date" in out:
        out = _year_volume_pages(tokens, out)
    thesis = _THESIS_HINT.search(text)
    if "(" in text or "[" in text:
        out = _bracket_after_title(tokens, out)
        if thesis:
            out = _thesis_after_date(tokens, out)
    if thesis or "Diss." in text or "PhD" in text:
        out = _thesis_item(tokens, out)
    if ":" in text:
        out = _imprint_ending_title(tokens, out)
    # a "Place: Publisher Year." imprint first: where it applies, the words before
    # the place are not a "Publisher, Place" pair
    out = _comma_imprint_in_title(tokens, out)
    out = _colon_imprint(tokens, out)
    out = _town_before_publisher(tokens, out)
    out = _town_ending_title(tokens, out)
    out = _comma_journal_in_title(tokens, out)
    return _publisher_before_place(tokens, out)


def _comma_journal_in_title(tokens: list[str], labels: list[str]) -> list[str]:
    """"Ricœur, Paul. La mémoire, l'histoire, l'oubli. Paris : Seuil, 2000.": a "journal"
    joined to the title by a comma alone, with no volume or pages anywhere, that ends in a
    full stop right before the imprint (a place or a publisher), is the title going on: a
    journal follows its article's title after a full stop or "In", and has numbers."""
    if "journal" not in labels or "volume" in labels or "pages" in labels:
        return labels
    start = labels.index("journal")
    end = _run_end(labels, start)
    if (start == 0 or labels[start - 1] != "title" or not tokens[start - 1].endswith(",")
            or "journal" in labels[end:] or end >= len(labels)
            or labels[end] not in ("location", "publisher") or not tokens[end - 1].endswith(".")):
        return labels
    labels[start:end] = ["title"] * (end - start)
    return labels


def _town_ending_title(tokens: list[str], labels: list[str]) -> list[str]:
    """"… Dartmouth College, 1815-1909. Concord, New Hampshire: The Rumford Press." and
    "… Dilemma. South Bend, IN: University of Notre Dame Press": a title's last sentence of
    one to three capitalised words ending in a comma, right before the place the labeller
    found (a state or country after the town), is the town: the place's first words."""
    if "location" not in labels:
        return labels
    loc = labels.index("location")
    if loc < 3 or labels[loc - 1] != "title" or not tokens[loc - 1].endswith(","):
        return labels
    k = loc - 1
    while k > 0 and loc - k < 3 and labels[k - 1] == "title" and not _stops_title(tokens[k - 1]):
        k -= 1
    if k == 0 or labels[k - 1] != "title" or not _stops_title(tokens[k - 1]):
        return labels
    town = " ".join(tokens[k:loc]).rstrip(",")
    end = _run_end(labels, loc)
    if not town_like(town) or not (tokens[end - 1].endswith(":") or "publisher" in labels[end:end + 1]):
        return labels
    labels[k:loc] = ["location"] * (loc - k)
    return labels


def _stops_title(token: str) -> bool:
    """A token that closes a title's sentence: "Dilemma.", "1815-1909." (not "G.", "4.")."""
    return token.endswith((".", "!", "?")) and len(strip_word(token)) > 2


def _run_end(labels: list[str], i: int, label: str | None = None) -> int:
    """The index after the run of *label* (default: the label at *i*) that starts at *i*."""
    label = labels[i] if label is None and i < len(labels) else label
    while i < len(labels) and labels[i] == label:
        i += 1
    return i


def _editors_without_cue(tokens: list[str], labels: list[str]) -> list[str]:
    """"Duby, Georges: Histoire de la France urbaine. 2e éd. Paris": opening names
    called editors with no editor cue in or right after them ("(ed.)", "eds.",
    "Hrsg.") are the authors (an "éd." further on is the edition's)."""
    i = _run_end(labels, 0, "citation-number")
    if i >= len(tokens) or labels[i] != "editor" or "author" in labels:
        return labels
    k = _run_end(labels, i)
    if any(_editor_cue(t) for t in tokens[i : k + 1]):
        return labels
    labels[i:k] = ["author"] * (k - i)
    return labels


def _editor_cue(token: str) -> bool:
    word = strip_word(token)
    return CUES.get(word) == "editor" or CUES.get(word.replace(".", "")) == "editor"


def _closing_editors_are_publisher(tokens: list[str], labels: list[str]) -> list[str]:
    """"Carr, N. (2010). The shallows. W. W. Norton.": names called editors that close the
    reference after its title, with no editor cue anywhere ("In", "(Ed.)", "edited by",
    "Hrsg."), are the publisher: editors are always announced, a publisher never is. So is
    such a name called a journal with no volume or pages ("… R. R. Bowker."): a journal's
    name does not open with initials."""
    kind = next((lab for lab in ("editor", "journal") if lab in labels), None)
    if kind is None or "publisher" in labels or "title" not in labels:
        return labels
    s = labels.index(kind)
    e = _run_end(labels, s)
    if (s == 0 or labels[s - 1] not in ("title", "date") or "title" not in labels[:s]
            or any(lab not in ("url", "doi", "note") for lab in labels[e:])):
        return labels
    if kind == "editor" and any(_editor_cue(t) or strip_word(t).lower() in ("in", "dans")
                                for t in tokens):
        return labels
    if kind == "journal" and ({"volume", "pages"} & set(labels) or not _INITIALS_THEN_NAME.match(
            " ".join(tokens[s:e]))):
        return labels
    labels[s:e] = ["publisher"] * (e - s)
    return labels


# "W. W. Norton.", "R. R. Bowker": initials, then one or two capitalised words
_INITIALS_THEN_NAME = lazy_compile(rf"^(?:{UPPER}\.\s?)+{UPPER}{LOWER}+(?:\s{UPPER}{LOWER}+)?\.?$")


def _title_tail_in_publisher(tokens: list[str], labels: list[str]) -> list[str]:
    """"How we read now: Strategic choices for print, screen, and audio. Oxford University
    Press.": a publisher opened by a lower-case word right after a title ending in a comma,
    and holding a sentence end before its last word, begins with the rest of the title (a
    publisher's name opens with a capital): up to that sentence end it is the title."""
    if "publisher" not in labels:
        return labels
    s = labels.index("publisher")
    e = _run_end(labels, s)
    if (s == 0 or labels[s - 1] != "title" or not tokens[s - 1].endswith(",")
            or not tokens[s][:1].islower()):
        return labels
    for k in range(s, e - 1):
        if tokens[k].endswith(".") and tokens[k + 1][:1].isupper() and len(strip_word(tokens[k])) > 2:
            labels[s:k + 1] = ["title"] * (k + 1 - s)
            break
    return labels


def _names_closed_by_editor_cue(tokens: list[str], labels: list[str]) -> list[str]:
    """"Bianchi, G. and Verdi, L. (edd.), Scritti sul mare": the opening names
    that a bracketed editor cue ("(ed.)", "(eds.)", "(Hrsg.)") closes are editors."""
    i = _run_end(labels, 0, "citation-number")
    if i >= len(tokens) or labels[i] != "author":
        return labels
    k = _run_end(labels, i)
    last = tokens[k - 1]
    if k - i >= 2 and last.startswith(("(", "[")) and CUES.get(
            strip_word(last).replace(".", "")) == "editor":
        labels[i:k] = ["editor"] * (k - i)
    return labels


def _leading_publisher(tokens: list[str], labels: list[str]) -> list[str]:
    """"International Labour Office (2017). Title. Geneva: ILO.": a reference
    never opens with its publisher; an organisation there is the author. So is
    an opening publisher run that an author run continues inside one chunk
    ("[3] National Institute of Standards and Technology, "Title," …")."""
    i = _run_end(labels, 0, "citation-number")
    if i >= len(labels) or labels[i] != "publisher":
        return labels
    k = _run_end(labels, i)
    if k >= len(labels):
        return labels
    if not {"author", "editor"} & set(labels) or (
            labels[k] == "author" and not any(ends_chunk(t) for t in tokens[i:k])):
        labels[i:k] = ["author"] * (k - i)
    return labels


_VANCOUVER_NAME = rf"{UPPER}{LOWER}+(?:[-' ]{UPPER}{LOWER}+)?\s{UPPER}{{1,3}}"
_VANCOUVER_NAMES = lazy_compile(rf"^{_VANCOUVER_NAME}(?:,\s*{_VANCOUVER_NAME})*,?$")


def _leading_organisation(tokens: list[str], labels: list[str]) -> list[str]:
    """"World Health Organization. (2019). Guidelines …": with no names found, an
    organisation's name (an organisation word, no journal word) that opens the reference
    before its date is the author, not a journal (a journal follows the title), nor a title
    when a title follows the date ("Centre for Coastal Resilience. (2021, March 4). Title.").
    So are names printed "Family I" (Springer, Vancouver: "Almeida R (2015) Title")."""
    if not labels or labels[0] not in ("journal", "title") or {"author", "editor"} & set(labels):
        return labels
    k = _run_end(labels, 0)
    name = " ".join(tokens[:k])
    if (k < len(labels) and labels[k] == "date" and "title" in labels[k:]
            and (ORG_WORDS.search(name) or _VANCOUVER_NAMES.match(name))
            and not any(CUES.get(strip_word(t)) == "journal" for t in tokens[:k])):
        labels[:k] = ["author"] * k
    return labels


def _title_after_in_editors(tokens: list[str], labels: list[str]) -> list[str]:
    """"Fischer, K., Die Zünfte, in: Meier, J. (Hrsg.), Städtisches Handwerk, Köln 1999":
    a title after the title, once "in" and the editors came between them, is the
    container the chapter appeared in, not more of the chapter's title."""
    if "editor" not in labels or "container-title" in labels:
        return labels
    for i in range(1, len(tokens)):
        if labels[i] != "editor" or labels[i - 1] != "title" or strip_word(tokens[i]) not in (
                "in", "dans"):
            continue
        j = i
        while j < len(tokens) and labels[j] == "editor":
            j += 1
        k = j
        while k < len(tokens) and labels[k] == "title":
            k += 1
        if k > j and "container-title" not in labels:
            labels[j:k] = ["container-title"] * (k - j)
        break
    return labels


def _in_inside_title(tokens: list[str], labels: list[str]) -> list[str]:
    """"M. Caputo, I mercanti toscani, in «Archivio storico», 162 (2004), pp. 233-261." and
    "G. Moretti, La peste, in Storia di Lodi, a cura di F. Sala, Milano, Electa, 1992": no
    journal or container was found and the title runs on through ", in" and a capital: the
    words after it are the journal (a volume or pages follow) or the book (editors or an
    imprint follow) the part was printed in."""
    present = set(labels)
    if "title" not in present or present & {"journal", "container-title"}:
        return labels
    a = labels.index("title")
    b = _run_end(labels, a)
    after = set(labels[b:])
    if after & {"editor", "location", "publisher"}:
        kind = "container-title"
    elif after & {"volume", "pages"}:
        kind = "journal"
    else:
        return labels
    for i in range(a + 1, b - 1):
        if (strip_word(tokens[i]) in ("in", "dans") and tokens[i - 1].endswith(",")
                and _opens_name(tokens[i + 1].lstrip("«\"“„‘'"))):
            labels[i:b] = [kind] * (b - i)
            break
    return labels


# editor phrases of several words: "a cura di", "edited by", "herausgegeben von"
_EDITOR_PHRASES = (("a", "cura", "di"), ("edited", "by"), ("herausgegeben", "von"), ("hrsg", "von"),
                   ("hrsg", "v"), ("sous", "la", "direction", "de"))


_PHRASE_HEADS: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _EDITOR_PHRASES:
    _PHRASE_HEADS.setdefault(_phrase[0], []).append(_phrase)


def _split_editor_cue(tokens: list[str], labels: list[str]) -> list[str]:
    """"Il Comune di Siena, a cura di P. Cammarosano": an editor phrase the labeller cut
    in two (its "a" left on the title) is one cue, labelled with the names after it."""
    if "editor" not in labels:
        return labels
    for i, tok in enumerate(tokens):
        for phrase in _PHRASE_HEADS.get(strip_word(tok), ()):
            n = len(phrase)
            if (i + n < len(tokens) and labels[i + n] == "editor"
                    and tuple(strip_word(t) for t in tokens[i:i + n]) == phrase
                    and len(set(labels[i:i + n + 1])) > 1):
                labels[i:i + n] = ["editor"] * n
    return labels


# A role stated in words before the names it governs, after the title or a container:
# "trad. de Marc Aubry," "trad. it. di Laura Greco," "Übers. v. Eva Kern." "Hg. von Thomas
# Vogel und Anna Reuter." "Translated by Paul Vance," "edited by Margaret Lloyd,". The head
# word, then (within a few words: "it.", "from the French", "aus dem Dänischen") the word
# that leads to the names ("by", "de", "di", "par", "v.", "von", "por").
_ROLE_HEADS = {
    **dict.fromkeys(("trad", "traduction", "traducción", "traduzione", "traduit", "traduit",
                     "übers", "übersetzt", "translated", "trans", "transl"), "translator"),
    **dict.fromkeys(("hg", "hrsg", "herausgegeben", "edited", "éd", "édité", "ed"), "editor"),
}
# substrings every role phrase holds, tested on the lower-cased string before the expression
_ROLE_WORDS = ("trad", "übers", "trans", "hg", "hrsg", "herausgegeben", "edited", "éd", "ed.")
_ROLE_LEAD_WORDS = (" by ", " de ", " di ", " par ", " v. ", " von ", " por ")
_ROLE_LEADS = frozenset({"by", "de", "di", "par", "v", "von", "por"})
_ROLE_HINT = lazy_compile(r"(?i)\b(?:trad|tradu\w+|übers\w*|trans\w*|hg|hrsg|herausgegeben|"
                        r"edited|éd|édité|ed)\b\.?,?\s+(?:\S+\s+){0,3}?(?:by|de|di|par|v\.|von|por)\s")
_NAME_JOINERS = frozenset({"and", "und", "et", "e", "y", "&"})


def _role_name_token(token: str) -> bool:
    word = token.rstrip(".,;:")
    if not word:
        return False
    return (_opens_name(word) and all(c.isalpha() or c in "-'’." for c in word)) or (
        word in PARTICLES)


def _role_phrase(tokens: list[str], labels: list[str]) -> list[str]:
    """A role phrase after a sentence or comma ("…du Nord, trad. de Marc Aubry, Arles") and
    the names it leads to are the translators or editors, whatever the labeller took them
    for (the head word is often left on the title): up to the name that ends with a comma
    or a period, unless "and" follows."""
    n = len(tokens)
    for i in range(1, n - 2):
        role = _ROLE_HEADS.get(strip_word(tokens[i]))
        if role is None or not tokens[i - 1].endswith((".", ",", ";", ":", "»", "”", ")")):
            continue
        lead = next((k for k in range(i + 1, min(i + 5, n - 1))
                     if strip_word(tokens[k]) in _ROLE_LEADS), None)
        if lead is None or any(_ends_sentence(t) and len(strip_word(t)) > 3
                               for t in tokens[i + 1:lead]):
            continue
        k = lead + 1
        end = None
        while k < n and k - lead <= 10 and (_role_name_token(tokens[k])
                                           or strip_word(tokens[k]) in _NAME_JOINERS):
            tok = tokens[k]
            if tok.endswith((",", ";", ":")) or (
                    tok.endswith(".") and not _INITIAL_TOKEN.match(tok)):
                end = k
                if not (tok.endswith(",") and k + 1 < n
                        and strip_word(tokens[k + 1]) in _NAME_JOINERS):
                    break
            k += 1
        if end is None or not any(_opens_name(t) and not _INITIAL_TOKEN.match(t)
                                  for t in tokens[lead + 1:end + 1]):
            continue
        labels[i:end + 1] = [role] * (end + 1 - i)
        # "Hg. v. Jörg Bauer. Münster: Waxmann 2007": the labeller ran the role on over the
        # "Place: Publisher" imprint up to the year
        j = _run_end(labels, end + 1, role) if end + 1 < n else n
        c = next((k for k in range(end + 1, min(end + 4, j)) if tokens[k].endswith(":")), None)
        if c is not None and j < n and labels[j] == "date" and c + 1 < j:
            labels[end + 1:c + 1] = ["location"] * (c - end)
            labels[c + 1:j] = ["publisher"] * (j - c - 1)
    return labels


_SERIES_CUE = lazy_compile(r"(?i)\bcoll\.|\bcollection\s*[«“\"]")
_OPENING_QUOTES = ("«", "“", "\"", "„")


def _series_cue(tokens: list[str], labels: list[str]) -> list[str]:
    """"…, Presses universitaires de Provence, coll. « Le temps de l'histoire », 2012": the
    French series cue ("coll.", "collection «") and the name after it, quoted or up to the
    next comma, are the series (collection-title), never the journal, title or publisher."""
    n = len(tokens)
    for i in range(1, n - 1):
        word = strip_word(tokens[i])
        if word not in ("coll", "collection") or not tokens[i - 1].endswith(","):
            continue
        if word == "coll" and not tokens[i].endswith("."):
            continue
        quoted = tokens[i + 1].startswith(_OPENING_QUOTES)
        if (word == "collection" and not quoted) or CUES.get(strip_word(tokens[i + 1])) is not None:
            continue
        j = i + 1
        while j < n - 1 and j - i < 12 and not (
                any(q in tokens[j][1:] or (j > i + 1 and q in tokens[j]) for q in _CLOSING_QUOTE)
                if quoted else tokens[j].endswith((",", ";", ")"))):
            j += 1
        if j - i >= 12 or (not quoted and not tokens[j].endswith((",", ";", ")"))):
            continue
        labels[i:j + 1] = ["collection-title"] * (j + 1 - i)
    return labels


_SERIES_CUES_ALLOWED = frozenset({"journal", "and", "in", "conference"})


def _bracket_series(tokens: list[str], labels: list[str]) -> list[str]:
    """"…Sigmaringen: Thorbecke 1995 (Vorträge und Forschungen 42)." and "…, 2006 (Fonti e
    studi, 14).": a bracket of capitalised words (and a number) closing the reference right
    after its year is the series the book is in."""
    n = len(tokens)
    if n < 4 or not tokens[-1].rstrip(".").endswith(")"):
        return labels
    o = n - 1
    while o > 0 and n - o <= 10 and not tokens[o].startswith("("):
        o -= 1
    group = tokens[o:]
    if (not tokens[o].startswith("(") or o < 2 or len(group) < 2 or not _has_year(tokens[o - 1])
            or any("(" in t[1:] or ")" in t[:-2] or t.endswith(":") for t in group)
            or any(_has_year(t) for t in group)
            or not _opens_name(tokens[o][1:])):
        return labels
    words = [strip_word(t) for t in group]
    if (CUES.get(words[0]) is not None
            or any(CUES.get(w.replace(".", "")) not in (None, *_SERIES_CUES_ALLOWED)
                   for w in words)
            or not any(len(w) >= 3 and w.isalpha() for w in words)):
        return labels
    labels[o:] = ["collection-title"] * (n - o)
    return labels


_VOLUME_COUNT = re.compile(r"(?i)(?:^|\s)\d{1,2}\s+(?:vols?|voll|bde|bände|tomes|tomos|tomi)\b")
_VOLUME_COUNT_WORDS = frozenset({"vol", "vols", "voll", "bde", "bände", "tomes", "tomos", "tomi"})


def _volume_count(tokens: list[str], labels: list[str]) -> list[str]:
    """"3 vols." "3 vol." "3 Bde." "4 tomes": a bare number and the word for volumes after it
    are a count of volumes (the volume field), never pages or an edition."""
    for i in range(len(tokens) - 1):
        if (tokens[i].isdigit() and len(tokens[i]) <= 2
                and strip_word(tokens[i + 1]).rstrip(".") in _VOLUME_COUNT_WORDS):
            labels[i:i + 2] = ["volume", "volume"]
    return labels


_BARE_NUMBER = re.compile(r"^\d{1,5}[,.:;]?$")
_BRACKETED_ISSUE = re.compile(r"^\(\d{1,5}(?:[-–/]\d{1,5})?\)[,.:;]?$")


def _issue_after_volume(tokens: list[str], labels: list[str]) -> list[str]:
    """"Psychology, 92 (1), 82–96." (a space before the issue): the bracketed number right
    after a bare volume number is its issue, not a page; a year there is the date
    ("Phys. Rev. Lett. 31 (1973) 766")."""
    for i in range(1, len(tokens)):
        if (labels[i] != "volume" and labels[i - 1] == "volume"
                and _BRACKETED_ISSUE.match(tokens[i]) and not _has_year(tokens[i])
                and _BARE_NUMBER.match(tokens[i - 1])
                and not tokens[i - 1].endswith((",", ".", ";", ":"))):
            labels[i] = "volume"
    return labels


_YEAR_COMMA = re.compile(r"^(?:1[5-9]|20)\d\d,$")
_ENDING_PAGES = re.compile(r"^[A-Za-z]?\d{1,6}(?:[-–]+[A-Za-z]?\d{1,6})?[.;]?$")


def _year_volume_pages(tokens: list[str], labels: list[str]) -> list[str]:
    """"BMJ 2005, 330, 1347." and "Nano Lett. 2010, 10, 1979." (ACS, Vancouver variants):
    after the journal, the year, then the volume, then the pages -- even when the pages
    look like a year."""
    for i in range(1, len(tokens) - 2):
        if labels[i - 1] != "journal" or not _YEAR_COMMA.match(tokens[i]) or labels[i] != "date":
            continue
        vol, pages = tokens[i + 1], tokens[i + 2]
        if (re.match(r"^\d{1,5},$", vol) and _ENDING_PAGES.match(pages)
                and (i + 3 == len(tokens) or labels[i + 3] in ("doi", "url", "note"))):
            labels[i + 1], labels[i + 2] = "volume", "pages"
        break
    return labels


def _year_range_as_pages(tokens: list[str], labels: list[str]) -> list[str]:
    """"…University of Wales Press, 1968–72.": no date found, and the reference ends with a
    range of years after its imprint, labelled pages: the years of publication."""
    if "date" in labels or len(tokens) < 3 or labels[-1] != "pages" or labels[-2] == "pages":
        return labels
    if labels[-2] in ("publisher", "location") and _YEAR_RANGE.match(tokens[-1]):
        labels[-1] = "date"
    return labels


def _series_before_imprint(tokens: list[str], labels: list[str]) -> list[str]:
    """"Title. Cambridge Studies in Medieval Life and Thought, 12. Cambridge: Cambridge
    University Press, 2009.": a "journal" whose number is followed straight away by the
    book's place or publisher, in a reference with no pages, is the series the book is in
    (a journal's volume is followed by its issue, year or pages, not an imprint)."""
    if "journal" not in labels or "pages" in labels or "title" not in labels:
        return labels
    a = labels.index("journal")
    b = _run_end(labels, a)
    if a == 0 or labels[a - 1] != "title" or "journal" in labels[b:]:
        return labels
    if b + 1 >= len(tokens) or labels[b] != "volume" or labels[b + 1] not in ("location", "publisher"):
        return labels
    if not (tokens[b].rstrip(".,").isdigit() and tokens[b - 1].endswith(",")):
        return labels
    labels[a:b] = ["collection-title"] * (b - a)
    return labels


def _in_colon_container(tokens: list[str], labels: list[str]) -> list[str]:
    """"…Bergbau. In: Frankfurter Allgemeine Zeitung, 12.03.2015, S. 9." and "…Stiftungen.
    In: Historische Zeitschrift 301 (2015)": German "In:" after the title's full stop opens
    the container, up to its comma or full stop or the volume's number: a journal when no
    imprint or editor follows it, else the book a chapter is in."""
    n = len(tokens)
    for i in range(2, n - 2):
        if tokens[i].lower() != "in:" or not _ends_sentence(tokens[i - 1]):
            continue
        if any(_editor_cue(t) for t in tokens[i + 1:_sentence_end(tokens, i + 1) + 1]):
            # "In: Feld LG, Mahan JD, editors." "In: Albrecht, Sabine (Hg.):": the editors
            # come first, and the container after them
            return labels
        j = i + 1
        while j < n and j - i <= 15 and not (tokens[j][:1].isdigit() or tokens[j].startswith("(")
                                             or tokens[j].endswith((",", ";"))
                                             or _ends_sentence(tokens[j])):
            j += 1
        if j >= n or j == i + 1:
            return labels
        end = j if not (tokens[j][:1].isdigit() or tokens[j].startswith("(")) else j - 1
        if end == i or not _opens_name(tokens[i + 1]):
            return labels
        rest = set(labels[end + 1:])
        journal = not rest & {"publisher", "location", "editor"} and not _ROLE_HINT.search(
            " ".join(tokens[end + 1:]))
        labels[i:end + 1] = ["journal" if journal else "container-title"] * (end + 1 - i)
        return labels
    return labels


_GUILLEMET_ITEM = re.compile(r", «[^«»]+»,")


def _guillemet_journal(tokens: list[str], labels: list[str]) -> list[str]:
    """"P. Valli, Il porto chiude per sciopero, «Corriere della Sera», 3 aprile 1969": in an
    Italian list the journal or newspaper is printed in guillemets after an unquoted title;
    such a comma item inside the title is the journal."""
    if "journal" in labels or "container-title" in labels:
        return labels
    n = len(tokens)
    for i in range(1, n):
        if not tokens[i].startswith("«") or labels[i] != "title" or not tokens[i - 1].endswith(","):
            continue
        if "«" in " ".join(tokens[:i]) or labels[i - 1] != "title":
            return labels
        j = i
        while j < n and "»" not in tokens[j]:
            j += 1
        if j < n and set(labels[i:j + 1]) <= {"title"}:
            labels[i:j + 1] = ["journal"] * (j + 1 - i)
        return labels
    return labels


_IN_CUE = frozenset({"in", "in:", "dans", "dans:"})


def _in_journal_is_container(tokens: list[str], labels: list[str]) -> list[str]:
    """"Title. In Eurographics, 2009." and "In Evolution equations, volume 17 of
    Clay Math. Proc. Amer. Math. Soc., Providence": a "journal" opened by "In"
    with no volume, or beside an imprint or editors, is the container of a
    chapter or paper (a journal cited with "In" has a volume and no imprint).
    So is a "journal" named a conference's proceedings that has no volume."""
    if "journal" not in labels:
        return labels
    present = set(labels)
    with_volume = "volume" in present
    imprint = bool(present & {"publisher", "location", "editor"})
    for i, tok in enumerate(tokens):
        if labels[i] != "journal" or (i > 0 and labels[i - 1] == "journal"):
            continue
        j = i
        while j < len(tokens) and labels[j] == "journal":
            j += 1
        name = " ".join(tokens[i:j])
        if ((tok.lower() in _IN_CUE and (imprint or not with_volume))
                or (not with_volume and PROCEEDINGS.search(name))
                or _MEETING_PROCEEDINGS.match(name)):
            labels[i:j] = ["container-title"] * (j - i)
    return labels


# "Proceedings of the Vertebrate Pest Conference 14: 87-90": the proceedings of a meeting,
# even with a volume (a society's "Proceedings of the Royal Society" is a journal)
_MEETING_PROCEEDINGS = re.compile(
    r"^(?:in:?\s+)?(?:proc\.?|proceedings)\s.*\b(?:conference|conf\.|symposium|workshop|"
    r"congress|colloqui\w*|meeting)\b", re.I)


_YEAR_RANGE = re.compile(r"^\(?(1[5-9]\d\d|20\d\d)\s*[-–—]\s*(1[5-9]\d\d|20\d\d|\d\d)\)?[.,:;]?$")


def _year_range_in_title(tokens: list[str], labels: list[str]) -> list[str]:
    """"…Countryside in Revolution (1917-1921), Clarendon Press, Oxford 1989.": a
    year range right after the title, with the publication date printed later,
    is the end of the title. So is one printed after the publication date ("(2022).
    Tree canopy measurements, 2015–2020 (Version 2) [Data set]."), with the words
    without a year the labeller ran on with it (a version, a description)."""
    if labels.count("date") < 2 and "genre" not in labels:
        return labels
    for i, tok in enumerate(tokens):
        lab = labels[i]
        if (lab not in ("date", "genre") or i == 0 or labels[i - 1] != "title"
                or not _YEAR_RANGE.match(tok)):
            continue
        if (lab == "date" and (i + 1 == len(tokens) or labels[i + 1] != "date")
                and "date" in labels[i + 1 :]):
            labels[i] = "title"
        elif "date" in labels[: i - 1] and tokens[i - 1].endswith(","):
            j, inside = i + 1, False
            while j < len(tokens) and labels[j] == lab and not _has_year(tokens[j]):
                if not inside and not tokens[j].startswith(("(", "[")):
                    break
                inside = not tokens[j].rstrip(".,;:").endswith((")", "]"))
                j += 1
            labels[i:j] = ["title"] * (j - i)
    return labels


# Words that open an access statement ("Accessed 3 May 2016", "Retrieved
# March 5, 2019, from", "[consulted 2019-03-05]", "abgerufen am 5. März").
ACCESS_CUES = frozenset({"accessed", "retrieved", "consulted", "viewed", "abgerufen", "visited",
                         "consulté", "consulte"})
_DATE_PART = lazy_compile(
    r"^[\[(]?(?:\d{1,2}(?:st|nd|rd|th|er)?\.?|1[5-9]\d\d|20\d\d|\d{4}-\d{1,2}-\d{1,2}|"
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4})[\])]?[.,;:]?[\])]?$",
    re.I,
)


def _access_word(token: str) -> bool:
    return strip_word(token) in ACCESS_CUES


def _date_part(token: str) -> bool:
    word = strip_word(token)
    return bool(_DATE_PART.match(token)) or CUES.get(word.rstrip(".")) == "month" or word in (
        "on", "am", "le", "from", "at", "de", "the")


def _access_phrase(tokens: list[str], labels: list[str]) -> list[str]:
    """An access statement is a note, never the publication date.

    The cue word and the date parts after it ("Accessed 3 May 2016.",
    "Retrieved March 5, 2019, from") are labelled ``note`` (a URL after
    them keeps its label), so ``year`` comes only from a publication date
    and :func:`citecheck.parse.normalize.norm_urldate` finds the access date.
    """
    for i, tok in enumerate(tokens):
        if not _access_word(tok):
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 6 and labels[j] not in ("url", "doi") and _date_part(
            tokens[j]
        ):
            j += 1
        for k in range(i, j):
            labels[k] = "note"
    return labels


# cheap tests on the whole string before the token-by-token repairs
_EDITION_HINT = re.compile(r"(?i)\b(?:aufl|auflage|edn|edition|éd|édition|edizione|edición|ed|ausg|"
                           r"ausgabe|impr|printing)\b")
_IN_HINT = re.compile(r"(?i), (?:in|dans) ")
_THESIS_HINT = re.compile(r"(?i)\b(?:tese|disserta|thesis|tesi|thèse|mémoire|tesis|"
                          r"diplomarbeit|masterarbeit)")
_REPRINT_HINT = re.compile(r"(?i)\b(?:repr|reprint|reprinted|rpt|nachdr|nachdruck|rist|ristampa|"
                           r"réimpr|réimpression|reimpr)\b")
_EDITION_WORD = frozenset({"aufl", "auflage", "edn", "edition", "éd", "édition", "edizione",
                           "edición", "ed", "ed.ª", "ausg", "ausgabe", "impr", "printing"})
_EDITION_PART = lazy_compile(
    r"^\(?(?:\d{1,2}(?:st|nd|rd|th|e|er|ème|re|a|ª|\.)?|first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|new|rev|revised|überarb|erw|erweiterte?|durchges|bearb|"
    r"neubearb|verb|verbesserte?|überarbeitete?|neue?|expanded|enlarged|updated|nouvelle|"
    r"revue|augm|augmentée|corr|and|und|et|u)[.,]?$",
    re.I,
)


def _edition_phrase(tokens: list[str], labels: list[str]) -> list[str]:
    """"2., überarb. Aufl.", "2e éd.", "3rd rev. edn.": an edition word after
    ordinals and revision words is the edition, whatever the labeller said.
    "ed." counts only after an ordinal (alone it is an editor cue)."""
    for i, tok in enumerate(tokens):
        word = strip_word(tok)
        if word not in _EDITION_WORD:
            continue
        inside = labels[i] in ("title", "container-title", "journal")
        if inside and not _ends_segment(tokens, labels, i):
            continue
        k = i
        while k > 0 and _EDITION_PART.match(tokens[k - 1]) and (
            labels[k - 1] not in ("title", "journal", "container-title", "author")
            or (inside and labels[k - 1] == labels[i])
        ):
            k -= 1
        if inside and (k == i or k == 0 or not _ends_sentence(tokens[k - 1])):
            # "Title. 4. Aufl. Göttingen: …": a title's last sentence that is only an edition
            # phrase is the edition; "A Second Edition of the Poems" is a title
            continue
        if k == i and word in ("ed", "éd", "impr", "printing", "ausg"):
            continue
        if k < i and not any(c.isdigit() or c.isalpha() for c in tokens[k]):
            continue
        for j in range(k, i + 1):
            labels[j] = "edition"
    return labels


def _ends_segment(tokens: list[str], labels: list[str], i: int) -> bool:
    """True when token ``i`` is the last of its segment, or the last before an imprint or date."""
    return i + 1 == len(tokens) or labels[i + 1] != labels[i]


def _ends_sentence(token: str) -> bool:
    """A token that closes a sentence: "Mittelalters." (not an initial "G." or an ordinal "4.")."""
    return token.endswith((".", "!", "?")) and len(strip_word(token)) > 1 and not token[:1].isdigit()


def _reprint(tokens: list[str], labels: list[str]) -> list[str]:
    """"Oxford 1921 (repr. London 1970)": a reprint's imprint after the
    original's date is a note, so the year and place are the original's."""
    if "date" not in labels:
        return labels
    for i, tok in enumerate(tokens):
        if CUES.get(strip_word(tok).rstrip(".")) != "reprint" or "date" not in labels[:i]:
            continue
        paren = tok.startswith(("(", "["))
        j = i
        while j < len(tokens):
            if paren and tokens[j].rstrip(".,;").endswith((")", "]")):
                break
            if not paren and j > i and tokens[j][-1] in ".;" and _has_digit(tokens[j]):
                break
            j += 1
        for k in range(i, min(j, len(tokens) - 1) + 1):
            labels[k] = "note"
        break
    return labels


def _bracket_after_title(tokens: list[str], labels: list[str]) -> list[str]:
    """"Title (ISO Standard No. 19458:2019).", "Title (U.S. Patent No. 9,876,543).": a bracket
    that the title's last word opens and that closes beyond it, holding a number, is the
    work's description (APA), not part of the title nor a journal and its volume."""
    if "title" not in labels:
        return labels
    a = labels.index("title")
    b = _run_end(labels, a)
    o = b - 1
    if b >= len(tokens) or not tokens[o].startswith(("(", "[")) or ")" in tokens[o] or o == a:
        return labels
    c = b
    while c < len(tokens) and c - b < 6 and not tokens[c].rstrip(".,;:").endswith((")", "]")):
        c += 1
    group = tokens[o:c + 1]
    if (c >= len(tokens) or c - b >= 6 or not any(_has_digit(t) for t in group)
            or not any(len(strip_word(t)) >= 3 and strip_word(t).isalpha() for t in group)):
        return labels
    if "date" in labels[o:c + 1] and "date" not in labels[:o] + labels[c + 1:]:
        return labels  # the only date: the year of the work
    labels[o:c + 1] = ["genre"] * (c + 1 - o)
    return labels


_THESIS_WORDS = frozenset({"tese", "dissertação", "dissertacao", "thesis", "dissertation", "tesi",
                           "thèse", "mémoire", "tesis", "diplomarbeit", "masterarbeit"})


def _thesis_after_date(tokens: list[str], labels: list[str]) -> list[str]:
    """"Title. 2019. Tese (Doutorado em Geografia) – Universidade …" (ABNT): a thesis word
    and its bracketed degree, opening a sentence after the title and the year, are the
    genre, not more of the title."""
    for i in range(2, len(tokens) - 1):
        if (labels[i] == "title" and labels[i - 1] == "date" and "title" in labels[:i - 1]
                and strip_word(tokens[i]) in _THESIS_WORDS and tokens[i + 1].startswith("(")):
            j = i + 1
            while j < len(tokens) and j - i < 8 and labels[j] == "title" and ")" not in tokens[j]:
                j += 1
            if j < len(tokens) and ")" in tokens[j] and labels[j] == "title":
                labels[i:j + 1] = ["genre"] * (j + 1 - i)
            break
    return labels


_THESIS_ITEM_WORDS = _THESIS_WORDS | {"diss", "doktorarbeit", "phd", "ph.d"}


def _thesis_item(tokens: list[str], labels: list[str]) -> list[str]:
    """"…nel Settecento, tesi di dottorato, Università di Napoli, 2015", "…1800–1850. Diss.
    Universität Bremen 2003.", "…Rhondda. PhD thesis. Cardiff University.": a short item
    opened by a thesis word, after the title and before the school or the year, is the
    genre -- not the title's end, nor the school's start."""
    n = len(tokens)
    for i in range(2, n - 1):
        if (strip_word(tokens[i]) not in _THESIS_ITEM_WORDS or not tokens[i - 1].endswith((",", "."))
                or labels[i] not in ("title", "publisher", "note") or "title" not in labels[:i]):
            continue
        j = i
        while j < n - 1 and j - i < 4 and not tokens[j].endswith((",", ".")):
            j += 1
        if not tokens[j].endswith((",", ".")) or j == n - 1 or labels[j + 1] == "title":
            continue
        if not set(labels[i:j + 1]) <= {"title", "publisher", "note", "genre"}:
            continue
        labels[i:j + 1] = ["genre"] * (j + 1 - i)
        break
    return labels


def _imprint_ending_title(tokens: list[str], labels: list[str]) -> list[str]:
    """"Title [Internet]. Cork: NCRE; 2020" (Vancouver, NLM): the title's last sentence, when
    it is "Place: Publisher;" right before the date, is the imprint."""
    if "title" not in labels or {"location", "publisher"} & set(labels):
        return labels
    a = labels.index("title")
    b = _run_end(labels, a)
    # "Cork: NCRE; 2020", and the German "Sigmaringen: Thorbecke 1995" with no stop at all
    if b >= len(tokens) or labels[b] != "date" or not (
            tokens[b - 1].endswith((";", ",")) or tokens[b - 1][-1:].isalpha()):
        return labels
    c = next((k for k in range(b - 2, max(a, b - 5), -1) if tokens[k].endswith(":")), None)
    if c is None or c - 1 <= a:
        return labels
    p = c
    while p > a and c - p < 3 and not _ends_sentence(tokens[p - 1]):
        p -= 1
    if p == a or not _ends_sentence(tokens[p - 1]) or not all(_opens_name(t) for t in tokens[p:b]):
        return labels
    labels[p:c + 1] = ["location"] * (c + 1 - p)
    labels[c + 1:b] = ["publisher"] * (b - c - 1)
    return labels


def _sentence_end(tokens: list[str], start: int) -> int:
    """Index of the token that ends the sentence starting at ``start`` (or the last)."""
    for k in range(start, len(tokens)):
        tok = tokens[k]
        if tok[-1] in ".?!" and not _INITIALS_TOKEN.match(tok) and len(strip_word(tok)) > 1:
            return k
    return len(tokens) - 1


def _title_after_date(tokens: list[str], labels: list[str]) -> list[str]:
    """Author-date styles print the title right after the year: "Avrich, Paul.
    1970. Kronstadt, 1921. New York: Norton." With no title found, no volume
    or pages, the sentence after the first date, when the model called it
    a journal, container or note (often because it holds a year), is the title."""
    if "title" in labels or "date" not in labels or {"volume", "pages"} & set(labels):
        return labels
    start = labels.index("date")
    # the date's own sentence ("(2012).") ends it, even when the model ran the
    # date label on into the title
    d = min(_run_end(labels, start), _sentence_end(tokens, start) + 1)
    if d >= len(tokens) or d == 0 or labels[0] not in ("author", "editor"):
        return labels
    e = _sentence_end(tokens, d)
    # an access phrase inside the sentence ("Title [consulted 2020-11-30].") ends it
    e = next((k - 1 for k in range(d + 1, e + 1) if _access_word(tokens[k])), e)
    span = labels[d : e + 1]
    # "Never, N. (2001). Uncited. London: Verso.": a sentence taken for the place,
    # with the real imprint's place after it, is the title too (not a known town)
    imprint = ({"location", "publisher"} & set(span) and "location" in labels[e + 1 :]
               and not is_place(" ".join(tokens[d : e + 1])))
    if (
        (set(span) <= {"journal", "container-title", "date", "note"} or imprint)
        and (any(lab != "date" for lab in span) or _words_not_date(tokens[d : e + 1]))
        and not any(_access_word(t) for t in tokens[d : e + 1])
        and e < len(tokens) - 1
    ):
        labels[d : e + 1] = ["title"] * (e + 1 - d)
    return labels


def _words_not_date(tokens: list[str]) -> bool:
    """A sentence opened by two words that no date holds ("Les marées d’équinoxe
    [consulted 2020-11-30]." labelled a date after the year: the title)."""
    head = tokens[:2]
    return len(head) == 2 and all(
        not any(map(str.isdigit, t)) and strip_word(t).isalpha()
        and CUES.get(strip_word(t).replace(".", "")) not in ("month", "season", "nodate")
        for t in head)


_CLOSING_QUOTE = ("”", "\"", "''", "»", "’")


def _closes_sentence(token: str) -> bool:
    """A sentence's last token: "Paris." "Itself?" "Waterloo”," (not "G." or "4.")."""
    return _ends_sentence(token) or token.rstrip(".,;:").endswith(_CLOSING_QUOTE)


def _journal_from_title_tail(tokens: list[str], labels: list[str]) -> list[str]:
    """"ARBOUET, F. L'Oiseau-Mouche se pose à Paris. Lien social, 25/04/2013, n°1103,
    pp. 16-18.": no journal, container or imprint, but a volume or pages right after
    the title: the title's last sentence, when short, is the journal it ran into."""
    present = set(labels)
    if "title" not in present or present & {"journal", "container-title", "publisher", "location",
                                            "editor"}:
        return labels
    if not present & {"volume", "pages"}:
        return labels
    a = labels.index("title")
    b = a
    while b < len(tokens) and labels[b] == "title":
        b += 1
    if b >= len(tokens) or labels[b] not in ("volume", "pages", "date"):
        return labels
    if labels[b] == "date" and not {"volume", "pages"} & set(labels[b:]):
        return labels
    k = next((k for k in range(b - 2, a, -1) if _closes_sentence(tokens[k])), None)
    if (k is None and not any(q in tokens[b - 1] for q in "”\"’»'")
            and (tokens[b][:1].isdigit() or not tokens[b][:1].isascii())):
        # "…, Title words, Journal, 2015, 31(12)": the last comma item before a bare
        # number, unless the title is quoted (its commas are its own); "…, The Age
        # of Roosevelt. Vol. 3" is a book's volume
        k = next((k for k in range(b - 2, a, -1) if tokens[k].endswith(",")), None)
        if k is not None and b - (k + 1) > 5:
            return labels
    if k is None or b - (k + 1) > 8 or not _opens_name(tokens[k + 1]):
        return labels
    labels[k + 1 : b] = ["journal"] * (b - k - 1)
    return labels


def _opens_name(token: str) -> bool:
    """A capital, or a letter of a script without case (中國, 대한)."""
    first = token[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


def _title_from_note(tokens: list[str], labels: list[str]) -> list[str]:
    """"Sydney Harbour Trust. 2016. Annual report. Accessed 3 May 2016." and
    "Doe, J. (2017). A page [consulted 2019-03-05].": with no title found, a
    note that follows the author or date slot, up to an access statement or
    the end of its sentence, is the title."""
    if "title" in labels or "note" not in labels:
        return labels
    i = labels.index("note")
    if i == 0 or labels[i - 1] not in ("author", "date", "editor") or _access_word(tokens[i]):
        return labels
    if _ARXIV.search(tokens[i]):  # "Elmegreen, B.G., 2011, arXiv:1106.1580": an e-print id
        return labels
    e = _sentence_end(tokens, i)
    k = i
    while k <= e and labels[k] == "note" and not _access_word(tokens[k]):
        k += 1
    if k > i:
        labels[i:k] = ["title"] * (k - i)
    return labels


# Labels whose segments end at punctuation in every style we know: a switch
# between two of them inside a comma-delimited chunk ("Dover/title
# Publications,/publisher") is a model error, not a real boundary.
_TEXTUAL = frozenset({"title", "publisher", "location", "journal", "container-title"})


_SEGMENT_CUES = frozenset({"in", "editor", "trans", "and", "page", "volume", "issue", "edition"})


def _plain_word(token: str) -> bool:
    word = strip_word(token)
    return (
        bool(word)
        and word.isalpha()
        and token[:1].isupper()
        and CUES.get(word) not in _SEGMENT_CUES
    )


def _connector(token: str) -> bool:
    """Words that sit inside a name without ending it: "&", "and", "of", "W.W."."""
    return strip_word(token) in ("and", "&", "", "of", "the", "und", "et") or bool(
        _INITIALS_TOKEN.match(token)
    )


def _mend_chunks(tokens: list[str], labels: list[str]) -> list[str]:
    """Give a chunk one label when the model switched labels inside plain words.

    A chunk qualifies when every token is a capitalised plain word or a
    connector ("W.W. Norton & Company,"), and it carries two textual labels.
    """
    start = 0
    for i, tok in enumerate(tokens):
        if not (ends_chunk(tok) or i == len(tokens) - 1):
            continue
        chunk = range(start, i + 1)
        kinds = {labels[j] for j in chunk}
        if (
            len(kinds) > 1
            and kinds <= _TEXTUAL
            and all(_plain_word(tokens[j]) or _connector(tokens[j]) for j in chunk)
            and any(_plain_word(tokens[j]) for j in chunk)
        ):
            for j in chunk:
                labels[j] = labels[i]
        start = i + 1
    return labels


_FULL = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:[-'’][^\W\d_]+)*"
_INIT = r"(?:[A-ZÀ-ÖØ-Þ]\.\s?-?){1,3}"
_PART = r"(?:van|von|de|der|den|du|da|del|della|di|le|la|zu|ten|ter|dos|das)"
_NAME_PAIR = rf"(?:{_PART}\s+)*{_FULL}(?:[\s-]{_FULL}){{0,2}},\s+(?:{_FULL}(?:[\s-]{_FULL}){{0,2}}(?:\s+{_INIT})?|{_INIT})"
# "Ennen, Edith:", "Le Goff, Jacques:", "Hirschmann, Frank G.:", "Meier, Hans/Kurz, Eva:",
# "Meier, Hans; Kurz, Eva (Hrsg.):" -- pairs "Family, Given" only, so "Dunayevskaya, Raya,
# Marxism and Freedom:" (a title with a colon after a comma-style name) is not a name list
_COLON_NAMES = re.compile(
    rf"^{_NAME_PAIR}(?:\s*(?:/|;|\s(?:und|and|&|u\.|et|y|e)\s)\s*{_NAME_PAIR})*"
    r"(?:\s*\((?:Hrsg|Hg|eds?|éds?|dir)\.?\))?\s?:$"
)
MAX_NAME_TOKENS = 16  # "Meier, Hans/Kurz, Eva/Lang, Otto:" and a few more


def _colon_after_names(tokens: list[str], labels: list[str]) -> list[str]:
    """"Ennen, Edith: Title. Place: Publisher Year." (German humanities): an author
    list of "Family, Given" pairs that ends at a colon is all names, whatever the
    labeller made of the given name ("Edith:" as the title's start)."""
    if len(tokens) < 3 or labels[0] not in ("author", "editor") or not any(
            t.endswith(",") for t in tokens[:3]):
        return labels
    end = next((k for k in range(1, min(len(tokens) - 1, MAX_NAME_TOKENS))
                if tokens[k].endswith(":")), None)
    if end is None or labels[end + 1] == labels[0]:
        return labels
    if not _COLON_NAMES.match(" ".join(tokens[:end + 1])):
        return labels
    role = labels[0]
    for k in range(end + 1):
        if labels[k] != "editor":
            labels[k] = role
    return labels


def _title_after_inverted_name(tokens: list[str], labels: list[str]) -> list[str]:
    """"Avrich, Paul, Kronstadt, 1921, W.W. Norton …": no title was found, the
    author list opens with one "Family, Given," pair and runs on into more
    comma items (or a year) before the imprint. Those items are the title:
    a list of inverted names comes in pairs, and a year is not a name."""
    if "title" in labels or not labels or labels[0] != "author":
        return labels
    if not tokens[0].endswith(","):
        return labels
    # the given-name part: up to three tokens, the last ending with a comma
    p = next((k + 1 for k in range(1, min(4, len(tokens))) if tokens[k].endswith(",")), None)
    if p is None or labels[p - 1] != "author":
        return labels
    q = next(
        (k for k in range(p, len(tokens)) if labels[k] not in ("author", "date")), len(tokens)
    )
    later_date = "date" in labels[q:]
    if q > p and labels[p] == "author" and later_date and q < len(tokens):
        labels[p:q] = ["title"] * (q - p)
    return labels


_INITIAL_TOKEN = re.compile(r"^(?:[^\W\d_]\.-?){1,3}[,:]?$")
_GOST_EDITOR_CUES = frozenset({"под", "сост", "пер", "отв"})


def _opening_family_initials(tokens: list[str], i: int) -> int:
    """The index after the "Family I. I., Family I. I." names opening at ``i`` (``i``: none)."""
    end = i
    while i + 1 < len(tokens) and _opens_name(tokens[i]) and not _INITIAL_TOKEN.match(tokens[i]):
        k = i + 1
        while k < len(tokens) and k - i <= 3 and _INITIAL_TOKEN.match(tokens[k]):
            k += 1
        if k == i + 1:
            break
        end = i = k
        if not tokens[k - 1].endswith(","):
            break
    return end


def _gost_parts(tokens: list[str], labels: list[str]) -> list[str]:
    """GOST 7.1: "Орлов Д. С., Ким А. А. Title // Journal. 2017. № 5. С. 88–97." and
    "Title // Collection / под ред. П. А. Ершова. М.: Наука, 2005.": what follows "//", to
    the end of its sentence or a lone "/", is the journal (or, before an imprint or an
    editor, the collection) the part is in; the opening "Family I. I." names are the
    authors and the words after them, up to "//", the title. A "/" and an editor cue
    ("под ред.", "сост.") open the editors."""
    s = tokens.index("//")
    start = _run_end(labels, 0, "citation-number")
    names = _opening_family_initials(tokens, start)
    if s <= names or names == start:
        return labels
    end = s + 1
    while end < len(tokens) and tokens[end] != "/":
        end += 1
        if _ends_sentence(tokens[end - 1]):
            break
    if end == s + 1 or end >= len(tokens):
        return labels
    cue = strip_word(tokens[min(end + 1, len(tokens) - 1)])
    editor = tokens[end] == "/" and cue in _GOST_EDITOR_CUES
    after = set(labels[end:])
    kind = "container-title" if editor or after & {"location", "publisher"} else "journal"
    labels[start:names] = ["author"] * (names - start)
    labels[names:s] = ["title"] * (s - names)
    labels[s:end] = [kind] * (end - s)
    if editor:
        e = end + 1
        while e < len(tokens) and not _ends_sentence(tokens[e]):
            e += 1
        labels[end:e + 1] = ["editor"] * (min(e + 1, len(tokens)) - end)
    return labels


def _title_after_initials(tokens: list[str], labels: list[str]) -> list[str]:
    """"Dunn, P. Wetland Birds. Academic Press, 2004.": no title was found and the author
    slot is one "Family, I." name run on into a short sentence of capitalised words with no
    comma, initial or "and": that sentence is the title (a name would not end in it)."""
    if "title" in labels or len(tokens) < 4 or labels[0] != "author":
        return labels
    if not tokens[0].endswith(",") or not _INITIAL_TOKEN.match(tokens[1]):
        return labels
    k = 2
    while k < len(tokens) and _INITIAL_TOKEN.match(tokens[k]):
        k += 1
    if not tokens[k - 1].endswith((".", ":")) or k >= len(tokens) or labels[k] != "author":
        return labels
    end = k
    while end < len(tokens) and labels[end] == "author":
        end += 1
    tail = tokens[k:end]
    if (
        end < len(tokens)
        and len(tail) <= 8
        and tail[-1].endswith((".", "?", "!"))
        and tail[0][:1].isupper()
        and not any(t.endswith((",", ";")) or _INITIAL_TOKEN.match(t) or _connector_word(t)
                    for t in tail)
    ):
        labels[k:end] = ["title"] * (end - k)
    return labels


_NAME_SMALL_WORDS = PARTICLES | {"and", "und", "et", "&", "y", "e", "al", "etal", "jr", "sr",
                                  "vanden", "vande", "vd"}


def _title_in_name_list(tokens: list[str], labels: list[str]) -> list[str]:
    """"H. de Vries, De stadsrechten van Holland, Groningen 1962.": no title was found, and
    the last comma item of the opening author list has a lower-case word that is no name
    particle: names are capitalised, so that item (and what follows it in the slot) is
    the title."""
    if "title" in labels or not labels or labels[0] != "author":
        return labels
    end = 0
    while end < len(labels) and labels[end] == "author":
        end += 1
    if end >= len(tokens):
        return labels
    starts = [k + 1 for k in range(end - 1) if tokens[k].endswith(",")]
    if not starts:
        return labels
    s = starts[-1]
    lower = any(w.isalpha() and w.islower() and w not in _NAME_SMALL_WORDS
                for w in (t.rstrip(".,") for t in tokens[s + 1:end]))
    # "B. Nowak, Dzieje Krakowa, Kraków 1985.": names printed with initials, then an item
    # without any, just before the imprint: a list of names keeps one form
    unlike = (len(starts) == 1 and any(_INITIAL_TOKEN.match(t) for t in tokens[:s])
              and not any(_INITIAL_TOKEN.match(t) or _connector_word(t) for t in tokens[s:end])
              and labels[end] in ("location", "date", "publisher"))
    if end - s >= 2 and (lower or unlike):
        labels[s:end] = ["title"] * (end - s)
    return labels


def _place_before_year(tokens: list[str], labels: list[str]) -> list[str]:
    """"…, Groningen 1962.": a known town that opens a date segment, before its year,
    is the place of publication."""
    for i in range(len(tokens)):
        if labels[i] != "date" or (i > 0 and labels[i - 1] == "date"):
            continue
        k = i
        while k < len(tokens) and labels[k] == "date" and not _has_digit(tokens[k]):
            k += 1
        if i < k < len(tokens) and labels[k] == "date" and k - i <= 3 and is_place(
                " ".join(tokens[i:k])):
            labels[i:k] = ["location"] * (k - i)
    return labels


def _title_as_publisher(tokens: list[str], labels: list[str]) -> list[str]:
    """"B. Nowak, Dzieje Krakowa, Kraków 1985.": no title, journal or container was found and
    a "publisher" follows the names straight away, before the place or date: a work has a
    title before its imprint, so that segment is the title."""
    present = set(labels)
    if "title" in present or present & {"journal", "container-title"} or not labels:
        return labels
    if labels[0] not in ("author", "editor"):
        return labels
    s = _run_end(labels, 0)
    if s >= len(labels) or labels[s] != "publisher":
        return labels
    e = _run_end(labels, s)
    if (
        e < len(labels)
        and labels[e] in ("location", "date")
        and tokens[e - 1].endswith(",")
        and not any(CUES.get(strip_word(t)) == "publisher" for t in tokens[s:e])
    ):  # "The University of Chicago Press," is a publisher whatever came before it
        labels[s:e] = ["title"] * (e - s)
    return labels


def _connector_word(token: str) -> bool:
    return strip_word(token) in ("and", "&", "und", "et", "y", "e")


def _publisher_before_place(tokens: list[str], labels: list[str]) -> list[str]:
    """"…, Title, News and Letters, Chicago 1992.": with a place but no publisher,
    the comma-delimited words just before the place are the publisher, not
    the end of the title (the "Publisher, Place Year" imprint)."""
    if "publisher" in labels or "location" not in labels:
        return labels
    s = labels.index("location")
    if s < 2 or labels[s - 1] != "title" or not tokens[s - 1].endswith(","):
        return labels
    k = s - 1
    while k > 0 and labels[k - 1] == "title" and not tokens[k - 1].endswith((",", ".", ":", "”")):
        k -= 1
    if (
        k > 0
        and labels[k - 1] == "title"
        and tokens[k - 1].endswith(",")
        and s - k <= 4
        and all(_plain_word(t) or strip_word(t) in ("and", "&", "") for t in tokens[k:s])
        and not any(c.isdigit() for t in tokens[k:s] for c in t)
    ):
        labels[k:s] = ["publisher"] * (s - k)
    return labels


def _comma_imprint_in_title(tokens: list[str], labels: list[str]) -> list[str]:
    """"Il notariato genovese, Genova, Società ligure di storia patria, 2006": with no
    imprint found, a title whose last comma items, right before the year, are a known town
    and a short name is "Title, Place, Publisher," (Italian and French lists)."""
    if {"location", "publisher"} & set(labels) or "title" not in labels:
        return labels
    a = labels.index("title")
    b = _run_end(labels, a)
    if b >= len(tokens) or labels[b] != "date" or not tokens[b - 1].endswith(","):
        return labels
    commas = [k for k in range(a, b - 1) if tokens[k].endswith(",")]
    for c in reversed(commas[-4:]):
        # the town: the comma item after c; the publisher: the rest, up to the year
        t = next((k for k in range(c + 1, b - 1) if tokens[k].endswith(",")), None)
        if t is None or t - c > 3 or b - t - 1 > 6 or c <= a:
            continue
        town = " ".join(tokens[c + 1:t + 1]).rstrip(",")
        if is_place(town) and not is_region(town) and _opens_name(tokens[t + 1]):
            labels[c + 1:t + 1] = ["location"] * (t - c)
            labels[t + 1:b] = ["publisher"] * (b - t - 1)
        break
    return labels


def _town_before_publisher(tokens: list[str], labels: list[str]) -> list[str]:
    """"…en Provence, Aix-en-Provence, Presses universitaires de Provence, 2012": with no
    place found, the title's last comma item, when it is one capitalised word right before a
    publisher whose name opens with a publisher's word ("Presses", "Press", "Verlag",
    "Éditions"), is the place (the "Place, Publisher, Year" imprint)."""
    if "location" in labels or "publisher" not in labels:
        return labels
    p = labels.index("publisher")
    if p < 4 or labels[p - 1] != "title" or labels[p - 2] != "title":
        return labels
    town, before = tokens[p - 1], tokens[p - 2]
    if (not town.endswith(",") or not before.endswith(",")
            or CUES.get(strip_word(tokens[p])) != "publisher" or not town_like(town.rstrip(","))
            or CUES.get(strip_word(town)) is not None):
        return labels
    labels[p - 1] = "location"
    return labels


def _colon_imprint(tokens: list[str], labels: list[str]) -> list[str]:
    """"…Mittelalter. Stadtgestalt, Recht, Kirche. Wien/Köln/Weimar: Böhlau 2012.": in a
    "Place: Publisher Year." imprint at the end, the words between the place's colon and
    the year are the publisher, and only the place's own sentence is the place -- a
    sentence before it that the labeller also called a place, right after the title, is
    the subtitle."""
    n = len(tokens)
    if n < 4 or labels[-1] != "date" or "location" not in labels:
        return labels
    d = n - 1
    while d > 0 and labels[d - 1] == "date":
        d -= 1
    c = d - 1
    while c > 0 and not tokens[c].endswith(":"):
        c -= 1
    if c <= 0 or labels[c] != "location" or c + 1 >= d:
        return labels
    if not set(labels[c + 1:d]) <= {"location", "publisher"}:
        return labels
    labels[c + 1:d] = ["publisher"] * (d - c - 1)
    s = c
    while s > 0 and labels[s - 1] == "location" and not _ends_sentence(tokens[s - 1]):
        s -= 1
    j = s
    while j > 0 and labels[j - 1] == "location":
        j -= 1
    if j < s and j > 0 and labels[j - 1] == "title" and _ends_sentence(tokens[s - 1]):
        labels[j:s] = ["title"] * (s - j)
    return labels


def segments(tokens: list[str], labels: list[str]) -> Segments:
    """Consecutive tokens with one label -> {label: [segment text, …]}."""
    segs: Segments = {}
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or labels[i] != labels[start]:
            segs.setdefault(labels[start], []).append(" ".join(tokens[start:i]))
            start = i
    segs.pop("citation-number", None)
    return segs


# a conference named by its acronym and year ("TACAS 2019", "ECOOP '98", "CHI'21"), and the
# series that print proceedings (Springer's LNCS, LNAI; CEUR-WS; LIPIcs)
_CONFERENCE_NAME = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*\s*(?:['’]\d\d|\d{4})$")
_PROCEEDINGS_SERIES = re.compile(r"\b(?:LNCS|LNAI|LNBI|CCIS|Lecture Notes in|CEUR|LIPIcs)\b")


def entry_type(segs: Segments, values: dict[str, object]) -> str:
    """Pick the BibTeX entry type from the labels present and a genre, if printed."""
    genre = " ".join(segs.get("genre", []) + segs.get("note", []))
    if any(PATENT_OR_STANDARD.search(t) for t in (genre, str(values.get("journal") or ""))):
        return "misc"
    if MASTERS.search(genre):
        return "mastersthesis"
    if THESIS_PHD.search(genre) or (THESIS.search(genre) and not THESIS_MA.search(genre)):
        return "phdthesis"
    if THESIS.search(genre) and THESIS_MA.search(genre):
        return "mastersthesis"
    if REPORT.search(" ".join(segs.get("genre", []))):
        return "techreport"
    if values.get("journal"):
        return "article"
    if values.get("booktitle"):
        proceedings = (PROCEEDINGS.search(str(values["booktitle"]))
                       or _CONFERENCE_NAME.match(str(values["booktitle"]))
                       or _PROCEEDINGS_SERIES.search(str(values.get("series") or "")))
        return "inproceedings" if proceedings else "incollection"
    if values.get("publisher") or values.get("address") or values.get("isbn"):
        if REPORT.search(str(values.get("publisher", ""))) and not values.get("address"):
            return "techreport"
        return "book"
    if values.get("url"):
        return "online"
    return "misc"


# APA's description of a data set or a program, after its title: 'Title (Version 1.0.2)
# [Computer software]. Zenodo'. The bracket is the work's type, the rest its repository;
# neither is the title a catalogue knows. (Only these descriptions: a bracket after a
# title may also be its translation, '[The house]'.)
# (The title ends on a non-space: a lazy title followed by '\s*' would be tried at every
# space of a long run, each attempt running to the run's end.)
_DATA_DESCRIPTION = re.compile(
    r"^(?P<title>.*?\S)\s*(?:\((?P<version>(?:version|v\.?)\s*[\w.-]+)\)\s*)?"
    rf"\[(?P<desc>(?:{DATA_TYPES})(?:[,;][^\[\]]{{0,40}})?)\]"
    r"[\s.,]*(?P<where>[^.\[\]]{0,80}?)[\s.]*$", re.IGNORECASE)


def _data_description(values: dict[str, object]) -> None:
    """Split '<title> [Data set]. Dryad' into title, type and where it is published."""
    title = values.get("title")
    m = _DATA_DESCRIPTION.match(title) if isinstance(title, str) else None
    publisher = values.get("publisher")
    if not m and isinstance(title, str) and isinstance(publisher, str) and "]" in publisher:
        # the bracketed description taken for the publisher: "[Computer software]. Zenodo."
        # (cleaning took its opening bracket)
        pub = publisher if "[" in publisher else "[" + publisher
        m = _DATA_DESCRIPTION.match(f"{title} {pub}")
        if m:
            values.pop("publisher")
    if not m:
        return
    values["title"] = clean(m.group("title"))
    # a genre the labeller found after the description is where the work is published
    # ("… [Dataset]. PANGAEA." with "PANGAEA." labelled genre)
    printed = values.get("type")
    values["type"] = clean(m.group("desc"))
    where = m.group("where") or (printed if isinstance(printed, str) else "")
    if where and not values.get("howpublished"):
        values["howpublished"] = clean(where)
    if m.group("version") and not values.get("note"):
        values["note"] = clean(m.group("version"))


def _genre_name(text: str) -> str:
    """The genre before a report number, cleaned, an abbreviation keeping its period
    ("(Tech. Rep." -> "Tech. Rep.", "Technical Report," -> "Technical Report")."""
    name = clean(text)
    rest = text[text.find(name) + len(name):] if name else ""
    last = name.split()[-1] if name else ""
    if rest.startswith(".") and len(last) <= 4 and last[:1].isupper():
        name += "."
    return name


def _newspaper(segs: Segments, values: dict[str, object]) -> bool:
    """A container with a month, few words, no URL and no "In": a newspaper's or journal's name."""
    container = joined(segs, "container-title") or ""
    return bool(values.get("month") and not values.get("url") and len(container.split()) <= 6
                and not LEADING_IN.match(container))


def to_fields(tokens: list[str], labels: list[str]) -> tuple[str, dict[str, object], list[str]]:
    """Labels -> (entry type, Fields kwargs, normaliser failures)."""
    segs = segments(tokens, repair_labels(tokens, labels))
    values, failures = normalize(segs)
    # A container printed with volume and pages but no imprint or editor is a
    # journal the model called a container ("Russian Review, Vol. 26, 341-350").
    # So is a short one printed with a month and nothing else, not opened by "In": a
    # newspaper ("Portland Evening Star, June 3, 2014") or a journal ("…, June 1987, pp 5-9").
    if (
        values.get("booktitle")
        and not values.get("journal")
        and (values.get("volume") or values.get("number") or _newspaper(segs, values))
        and not (values.get("editor") or values.get("publisher") or values.get("address"))
        and not PROCEEDINGS.search(str(values["booktitle"]))
    ):
        values["journal"] = values.pop("booktitle")
    # "In: Brandt, S. (eds.) TACAS 2019. LNCS, vol. 11427, pp. 203–220. Springer": beside a
    # book or proceedings with editors or a publisher, a "journal" is the series
    if (values.get("journal") and values.get("booktitle") and not values.get("series")
            and (values.get("editor") or values.get("publisher"))):
        values["series"] = values.pop("journal")
    # "…, News and Letters, Chicago 1992.": a "journal" with no volume, issue
    # or pages that ends in a place is a publisher and its town.
    journal = values.get("journal")
    if (
        isinstance(journal, str)
        and "," in journal
        and not any(values.get(k) for k in ("volume", "number", "pages", "publisher", "address"))
    ):
        head, _, tail = journal.rpartition(",")
        if is_place(tail):
            values["publisher"], values["address"] = clean(head), clean(tail)
            del values["journal"]
    # "…, dans J. Roux (dir.), Fêtes urbaines en France, Rennes, PUR, 2012": a container
    # whose last comma item is a known town, with no place found, ends in the place
    booktitle = values.get("booktitle")
    if isinstance(booktitle, str) and "," in booktitle and not values.get("address"):
        head, _, tail = booktitle.rpartition(",")
        if is_place(tail) and not is_region(tail):
            values["booktitle"], values["address"] = clean(head), clean(tail)
    # "Brandt, O.: Geschichte Schleswig-Holsteins. Kiel 1957.": a "journal" that is only a
    # known town, with no volume, issue or pages, is the place of publication.
    if (
        isinstance(values.get("journal"), str)
        and is_place(values["journal"])
        and not any(values.get(k) for k in ("volume", "number", "pages", "eid", "address"))
    ):
        values["address"] = values.pop("journal")
    # "…, State-Capitalism, News and Letters, Chicago 1992.": a "journal" with a
    # place but no volume, issue, pages or publisher is the publisher.
    if (
        values.get("journal")
        and values.get("title")
        and values.get("address")
        and not any(values.get(k) for k in ("volume", "number", "pages", "eid", "publisher"))
    ):
        values["publisher"] = values.pop("journal")
    # "Avrich, P. (1970). Kronstadt, 1921. New York: Norton.": a "journal" with
    # no title beside it and no volume, issue or pages, but an imprint, is a
    # book's title.
    if (
        values.get("journal")
        and not values.get("title")
        and not any(values.get(k) for k in ("volume", "number", "pages"))
        and (values.get("publisher") or values.get("address"))
    ):
        values["title"] = values.pop("journal")
    # An edited book cited as a whole ("Christman, Henry (editor), Essential
    # Works …"): the model may call its title a container, but there is no
    # other title for it to contain (checked before an organisation author
    # is taken for the title).
    if values.get("booktitle") and not values.get("title"):
        values["title"] = values.pop("booktitle")
    # "Chicago Manual of Style. 17th ed. Chicago: …": no title, and the only
    # "author" is a name kept whole (no given name, several words): the
    # work is cited by its title.
    authors = values.get("author")
    if (
        not values.get("title")
        and isinstance(authors, list)
        and len(authors) == 1
        and not authors[0].given
        and len(authors[0].family.split()) > 1
        and not values.get("editor")
    ):
        values["title"] = strip_title(joined(segs, "author") or authors[0].family)
        del values["author"]
        values.pop("others", None)
    _data_description(values)
    kind = entry_type(segs, values)
    journal = values.get("journal")
    if kind == "misc" and isinstance(journal, str) and PATENT_OR_STANDARD.search(journal):
        # "U.S. Patent 10 123 456": the patent's or standard's number, not a volume and pages
        printed = [joined(segs, lab) for lab in ("journal", "volume", "pages")]
        values["howpublished"] = clean(" ".join(filter(None, printed)))
        for key in ("journal", "volume", "number", "pages", "eid"):
            values.pop(key, None)
    if kind in ("techreport", "phdthesis", "mastersthesis"):
        # a report's or thesis's issuing body is its publisher (BibTeX's
        # institution / school), never a journal
        if values.get("journal") and not values.get("publisher"):
            values["publisher"] = values.pop("journal")
        body = values.get("publisher")
        if isinstance(body, str) and "," in body and not values.get("address"):
            # "Universidade Federal do Ceará, Fortaleza": a town after the body's name
            head, _, tail = body.rpartition(",")
            if ORG_WORDS.search(head) and town_like(tail) and not tail.strip().isupper():
                values["publisher"], values["address"] = clean(head), clean(tail)
        genre = values.get("type")
        m = _REPORT_NUMBER.search(genre) if isinstance(genre, str) else None
        cut = m.start() if m else 0
        if m is None and isinstance(genre, str) and (m := _REPORT_ID.search(genre)):
            cut = m.start(1)
        if m and not values.get("number") and isinstance(genre, str):
            values["number"] = m.group(1)
            values["type"] = _genre_name(genre[:cut]) or genre
            # "Tech. Rep. UCB/EECS-2020-115, EECS Department, …": words after the number's
            # comma open the institution's name
            rest = genre[m.end():]
            if re.match(r"^\s*[)\]]\s*[.,]\s*\w", rest) and not values.get("publisher"):
                # "(Report No. FR-2018-03). Environment Agency.": the body after the bracket
                values["publisher"] = clean(rest)
            elif rest.lstrip().startswith(",") and clean(rest) and values.get("publisher"):
                # the genre ended at a comma: two comma items of one name
                # ("EECS Department, University of California")
                printed = " ".join(segs.get("genre", [])).rstrip()
                sep = ", " if printed.endswith(",") else " "
                values["publisher"] = f"{clean(rest)}{sep}{values['publisher']}"
    return kind, {k: v for k, v in values.items() if v not in (None, "", [])}, failures
