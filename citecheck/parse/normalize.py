"""Small normalisers: labelled segment text -> clean BibTeX-style field values.

Takes a mapping ``label -> list of segment texts`` (as the labeller printed
them, cue words and punctuation included) and returns a ``dict`` of
:class:`citecheck.models.Fields` keyword arguments. :data:`NORMALIZERS` is an
ordered list of small functions, each owning one field concern; a normaliser
that raises is skipped and its failure recorded, so one odd value never
loses the rest of the record (AnyStyle's ``normalize`` loop works the same
way).

Conventions of the output:

* names are :class:`Name` objects (family, given, prefix, suffix);
* pages use BibTeX's ``--`` for a range, and an abbreviated end page is
  expanded ("345–73" -> "345--373");
* ``month`` is BibTeX's three-letter macro name ("oct") or a season word
  ("summer");
* ``year`` is the first year, ``years`` every year when several are printed;
* a scheme-less ``www.`` URL gets ``http://``; DOIs lose their resolver prefix;
  ISBNs keep only digits and X.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..models import Name
from ..text import lazy_compile
from .tokens import MORE_PLACES, PLACES

Segments = dict[str, list[str]]
Out = dict[str, object]
Normalizer = Callable[[Segments, Out], None]

# Upper- and lower-case letters of the Latin, Greek and Cyrillic blocks, as
# regex character-class bodies: an initial is "Ğ." or "Ł." as much as "J.".
_UP = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper() and c.isalpha())
_LOW = "".join(c for c in map(chr, range(0x61, 0x530)) if c.islower() and c.isalpha())
UPPER = f"[{_UP}]"
LOWER = f"[{_LOW}]"

# (and GOST's area separator, a dash between spaces: "– СПб.: Алетейя, 2009. – 412 с.")
_OUTER = re.compile(r"^(?:[\s,.;:()\[\]{}<>]|[–—](?=\s))+|(?:[\s,.;:(\[{<]|(?<=\s)[–—])+$")
_QUOTES = "\"“”«»„‘’'"


def clean(text: str) -> str:
    """Collapse spaces and strip outer punctuation (a closing ")" is kept if balanced)."""
    text = " ".join(text.split())
    text = _OUTER.sub("", text)
    if text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1].rstrip(" ,.;:")
    if text.endswith("]") and text.count("[") < text.count("]"):
        text = text[:-1].rstrip(" ,.;:")
    return text


def joined(segs: Segments, label: str) -> str | None:
    texts = segs.get(label)
    return " ".join(texts) if texts else None


# --------------------------------------------------------------------------- names

_ETAL = re.compile(r",?\s*\b(et\.?\s*al\.?|and others|u\.\s*a\.|et coll\.)\s*", re.I)
_ROLE = re.compile(
    r"\(\s*(?:eds?|edd|editors?|hrsg|hg|éds?|dir|coord|trans|tr|transl|translators?|director|"
    r"producer|a\s+cura\s+di|curr?|herausgeber|red)\.?\s*\)|"
    r"(?:^|(?<=[\s,(\[]))(?:in:?\s+)?(?:edited\s+(?:and\s+translated\s+)?by|translated\s+by|"
    # "trad. de", "trad. it. di", "Übers. v.", "Hg. von", "éd. par", "ed. by", "translated
    # from the French by": a role word, a few words, and the word that leads to the names
    r"(?:trad|übers|trans|transl|hg|hrsg|éd|ed)\.(?:\s+[^\W\d_]{1,3}\.)?\s+(?:v\.|von|de|di|par|by|por)|"
    r"(?:translated|traduit|übersetzt)\s+(?:from|de|aus)\s+(?:\S+\s+){0,2}?(?:by|par|von)|"
    r"(?:traducción|traduction|traduzione)\s+(?:de|di)|trad\.|"
    r"trans\.|tr\.|transl\.|traduction\s+de|übersetzt\s+von|herausgegeben\s+von|hrsg\.\s*v\.?|"
    r"dir\.|directed\s+by|eds?\.|edd\.|editors?|hrsg\.|hg\.|éds?\.|edited|director|producer|"
    r"a\s+cura\s+di|sous\s+la\s+direction\s+de|curr?\.|(?:/\s*)?под\s+(?:общ\.\s*)?ред\.)"
    r"(?=[\s,;.)\]]|$)",
    re.I,
)
# before a name list: a list number glued to it by PDF extraction ("[26]W .Myers",
# "17.Møller"), and a bare "by" ("…," by R.L. Sharp and D.L. Costill", "compiled by …")
_LEADING_NAME_JUNK = re.compile(
    r"^\s*(?:\[\s*\d{1,4}\s*\]\s*|\d{1,4}\.(?=\s*[^\W\d_]{2}|\s*[^\W\d_]\.))"
    r"|^\s*(?:(?:compiled|issued|prepared|written)\s+)?by\s+", re.I)
# "In", and GOST's "//" before the journal or collection a part is in
LEADING_IN = re.compile(r"^\s*(?:(?:in|dans|en)\s*:?\s+|//\s*)", re.I)
PARTICLES = frozenset(
    "van von de der den du da del della di dos das le la ten ter vander van't d' zu dalla".split()
)
# case-sensitive: "JR" after a Vancouver family name is initials, not "Jr."
_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "jr.", "Jun.", "Sen."})
ORG_WORDS = re.compile(
    r"\b(organi[sz]ation|institute?|universit(?:y|é|ät|à|eit|at)|universidade?|association|"
    r"department|committee|society|"
    r"council|agency|ministry|bank|office|group|cent(er|re)|foundation|inc|ltd|corporation|"
    r"commission|board|service|bureau|national|international|united|government|team|project|"
    r"consortium|network|company|press|trust|authority|museum|library|archives?|federation|"
    r"union|parliament|court|alliance|institution|secretariat|fund|forum|programme|"
    r"partnership|nations|administration|academy|observatory|coalition|collaboration|"
    r"collaborative|investigators)\b",
    re.I,
)
_INITIALS = re.compile(rf"^(?:{UPPER}{LOWER}?\.?[\s-]?){{1,4}}$")
_VANCOUVER = lazy_compile(rf"(?:{UPPER}\.?){{1,3}}")
_NAME_CHAR = re.compile(r"[^\W_]")
_CAPWORD = re.compile(rf"^{UPPER}[\w'’.-]*$")
# lower-case words that join the words of an organisation's or a work's name
# ("Bank of England", "Friends of the Earth"), never a person's
_JOINERS = frozenset({"of", "for", "the", "on", "in", "to", "de la"})


def initials_like(item: str) -> bool:
    """"J.", "J. R.", "JR", "Th." – initials; "Qu", "Li", "Ng" are family names.

    A capital and a lower-case letter with no period is a two-letter
    surname (common in Chinese, Korean and Vietnamese names), not an
    abbreviated given name, which is printed with a period ("Th.", "Ch.").
    """
    if not _INITIALS.match(item):
        return False
    return "." in item or not any(c.islower() for c in item)


def is_corporate(item: str) -> bool:
    """A name that is an organisation's, kept whole ("Sydney Harbour Trust",
    "Bank of England"): an organisation word, or a lower-case joiner between
    capitalised words."""
    words = item.split()
    if ORG_WORDS.search(item):
        return True
    return len(words) > 2 and any(w in _JOINERS for w in words[1:-1])


def strip_roles(text: str) -> tuple[str, bool]:
    """Remove "In", "ed.", "(eds.)", "Trans." … and "et al."; report whether "et al." was there."""
    others = bool(_ETAL.search(text))
    text = _ETAL.sub(" ", text)
    text = LEADING_IN.sub("", text)
    text = _LEADING_NAME_JUNK.sub("", text)
    text = _ROLE.sub(" ", text)
    text = re.sub(r"\(\s*\)", " ", text)
    # "Cole, T. (Eds.)." leaves "Cole, T. .": the initial keeps its period
    text = re.sub(r"(?<=[^\W\d_]\.)\s+[.,;:]+\s*$", "", text)
    text = " ".join(text.split())
    trimmed = clean(text)
    # keep the period of a final initial or suffix ("Brown, L.", "Hershey, Robert, Jr.")
    if re.search(rf"(?:^|[\s.,-])(?:{UPPER}|Jr|Sr)\.$", text.rstrip(" ,;:")) and not trimmed.endswith(
        "."
    ):
        trimmed += "."
    return trimmed, others


def _looks_given(item: str) -> bool:
    """True for "J.", "J. R.", "John", "John Ronald", "Pierre-Marc de" – a given-name part."""
    words = item.split()
    if not words or len(words) > 4:
        return False
    if _INITIALS.match(item):
        return True
    return all(_CAPWORD.match(w) or w.lower() in PARTICLES for w in words) and len(words) <= 3


def _looks_family(item: str) -> bool:
    """True for "Smith", "van Dijk", "BIASI", "Smith-Jones" – a family-name part."""
    words = item.split()
    if not words or len(words) > 3 or initials_like(item) and len(item) <= 3:
        return False
    core = [w for w in words if not _particle(w)]
    return len(core) == 1 and bool(_CAPWORD.match(core[0])) and not core[0].endswith(".")


def _particle(word: str) -> bool:
    """"van", "de", "La" -- not "LA" or "DE", Vancouver initials ("Brinton LA")."""
    return word.lower() in PARTICLES and not (len(word) > 1 and word.isupper())


def _two_surnames(item: str) -> bool:
    """"Beltrán Soler", "Lloyd Jones": two capitalised words before a comma and initials are
    one family name (Spanish and Portuguese double surnames, English double-barrelled ones
    written without a hyphen), not a given name and a family name."""
    words = [w for w in item.split() if not _particle(w)]
    return len(words) == 2 and all(_CAPWORD.match(w) and not w.endswith(".")
                                   and not initials_like(w) for w in words)


def _split_particle(family: str, given: str) -> tuple[str, str, str]:
    """Move a von-part to ``prefix``: "van Dijk" or given "Pierre-Marc de"."""
    words = family.split()
    prefix: list[str] = []
    while len(words) > 1 and words[0].lower() in PARTICLES:
        prefix.append(words.pop(0))
    gwords = given.split()
    while len(gwords) > 1 and gwords[-1].lower() in PARTICLES:
        prefix.insert(0, gwords.pop())
    return " ".join(words), " ".join(gwords), " ".join(prefix)


def clean_given(given: str) -> str:
    """Outer punctuation off a given name, but an initial keeps its period ("K. L.", "Th.")."""
    text = clean(given)
    if re.search(rf"(?:^|[\s.-]){UPPER}{LOWER}?$", text) and given.rstrip(" ,;:").endswith("."):
        text += "."
    return text


def name_from_family_given(family: str, given: str, suffix: str = "") -> Name:
    fam, giv, pre = _split_particle(clean(family), clean_given(given))
    return Name(family=fam, given=giv, prefix=pre, suffix=suffix)


def name_from_text(item: str) -> Name:
    """One name without a comma: "John Smith", "Smith JR" (Vancouver), "World Bank"."""
    item = clean_given(item)
    words = item.split()
    if len(words) <= 1 or is_corporate(item) or len(words) > 5:
        return Name(family=clean(item))
    suffix = ""
    if words[-1] in _SUFFIXES:
        suffix = words.pop()
    # Vancouver "Smith JR" / "Brunetti G.": family first, then capital initials.
    # GOST "Иванов И. И.", "Labov W.": the family name, then initials as separate words
    j = len(words)
    while j > 1 and _VANCOUVER.fullmatch(words[j - 1]):
        j -= 1
    if j < len(words) and not initials_like(words[0]):
        letters = [c for w in words[j:] for c in w if c.isalpha()]
        return Name(family=clean(" ".join(words[:j])), given=" ".join(c + "." for c in letters),
                    suffix=suffix)
    words[-1] = clean(words[-1])
    # Given Family, with an optional von-part before the family name: a
    # lower-case one is BibTeX's prefix ("Ludwig van Beethoven"), a
    # capitalised one belongs to the family name ("John Von Neumann").
    for k, w in enumerate(words[1:-1], start=1):
        if w.lower() in PARTICLES and not initials_like(w):
            if w[0].islower():
                return _given_von_family(words, k, suffix)
            return Name(family=" ".join(words[k:]), given=" ".join(words[:k]), suffix=suffix)
    return Name(family=words[-1], given=" ".join(words[:-1]), suffix=suffix)


def _given_von_family(words: list[str], k: int, suffix: str) -> Name:
    """words[k] starts the von-part; it runs while words are particles."""
    j = k
    while j < len(words) - 1 and words[j].lower() in PARTICLES:
        j += 1
    return Name(
        family=" ".join(words[j:]),
        given=" ".join(words[:k]),
        prefix=" ".join(words[k:j]),
        suffix=suffix,
    )


_ELLIPSIS = re.compile(r"[,;]?\s*(?:…|\.\s?\.\s?\.)\s*[,;]?(?:\s*&)?")


_SLAVIC_AND = re.compile(rf"(?<=\.)\s+(?:a|i|и)\s+(?={UPPER})")


def parse_names(text: str) -> tuple[list[Name], bool]:
    """A printed name list -> names, and whether it ended in "et al.".

    Handles "Family, Given" and "Given Family" orders, lists joined by
    commas, ";", "&", "and"/"und"/"et", initials, Vancouver "Smith JR",
    suffixes (Jr.) and von-parts. Role words ("eds.", "(Hrsg.)", "In",
    "edited by", "Trans.") are removed first.
    """
    text, others = strip_roles(text)
    if not text:
        return [], others
    # APA 7 prints the first 19 names, "…", and the last: names are left out
    if _ELLIPSIS.search(text):
        others = True
        text = _ELLIPSIS.sub(" ; ", text).strip(" ;")
    if "," not in text and ";" not in text and is_corporate(text):
        return _corporate_names(text), others
    text = re.sub(r"\s+(?:&|and|und|et|y|e)\s+", " ; ", text)
    # Czech and Slovak "a", Polish "i", Russian "и" between names, after an initial and
    # before a capital ("Dvořáková, Z. a Růžička, J."; not "Puig i Cadafalch")
    text = _SLAVIC_AND.sub(" ; ", text)
    text = re.sub(r",\s*;", " ;", text)
    # "Meier, Hans/Kurz, Eva" (German): a slash between names separates them too
    chunks = [c.strip(" ,") for c in re.split(r"\s*[;&]\s*|\s*/\s+|(?<=[^\W\d_.])\s?/\s?(?=[^\W\d_])", text)]
    names: list[Name] = []
    for chunk in chunks:
        if chunk:
            names += _parse_chunk(chunk)
    # a run of dashes ("———.") stands for a repeated author, not a name:
    # parse_references fills it in from the previous entry
    return [n for n in names if _NAME_CHAR.search(n.family)], others


_CONJUNCTION = re.compile(r"\s+(?:&|and|und|et)\s+")


def _corporate_names(text: str) -> list[Name]:
    """"National Institute of Standards and Technology" and "Food and Agriculture
    Organization" are one name; "The LIGO Scientific Collaboration and the Virgo
    Collaboration" and "J. Smith and the ATLAS Collaboration" two: an "and" joins the
    words of one name when an organisation's name runs on into plain words after it,
    or when a single word stands before it."""
    names: list[str] = []
    start = 0
    for m in _CONJUNCTION.finditer(text):
        left, right = text[start:m.start()], text[m.end():]
        nxt = _CONJUNCTION.search(right)
        right_part = right[:nxt.start()] if nxt else right
        one_name = len(left.split()) == 1 or (
            bool(ORG_WORDS.search(left)) and not ORG_WORDS.search(right_part))
        if not one_name:
            names.append(left)
            start = m.end()
    names.append(text[start:])
    return [Name(family=clean(n)) if is_corporate(n) else name_from_text(n)
            for n in names if clean(n)]


def _parse_chunk(chunk: str) -> list[Name]:
    """Names in one comma-separated run: pairs "Family, Given" where the items
    look like that, whole "Given Family" items otherwise; "Jr." attaches to
    the name before it ("Smith, Jr., John", "Hershey, Robert, Jr.")."""
    items = [i.strip() for i in chunk.split(",") if i.strip()]
    names: list[Name] = []
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt in _SUFFIXES:
            if i + 2 < len(items) and _looks_given(items[i + 2]) and _looks_family(item):
                names.append(name_from_family_given(item, items[i + 2], nxt))
                i += 3
                continue
            n = name_from_text(item)
            names.append(Name(family=n.family, given=n.given, prefix=n.prefix, suffix=nxt))
            i += 2
            continue
        if nxt is not None and _looks_given(nxt) and (
                _looks_family(item) or (_two_surnames(item) and initials_like(nxt))):
            after = items[i + 2] if i + 2 < len(items) else None
            suffix = after if after in _SUFFIXES else ""
            names.append(name_from_family_given(item, nxt, suffix or ""))
            i += 3 if suffix else 2
            continue
        names.append(name_from_text(item))
        i += 1
    return names


# --------------------------------------------------------------------------- normalisers


_TRANSLATOR_NOTE = re.compile(
    r"^\s*[(\[]([^()\[\]]+?),?\s+(?:trans|transl|tr|übers|trad)\.?\s*[)\]][.,;]?\s*$", re.I)


def norm_names(segs: Segments, out: Out) -> None:
    """author / editor / translator / director lists -> Name lists, "et al." -> others."""
    for label, field in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("director", "author"),
    ):
        text = joined(segs, label)
        if not text or out.get(field):
            continue
        names, others = parse_names(text)
        if names:
            out[field] = names
        if others and field == "author":
            out["others"] = True
    # "The quiet house (M. Brooks, Trans.)." (APA): a bracketed translator taken for a note
    for i, note in enumerate(segs.get("note", [])):
        m = _TRANSLATOR_NOTE.match(note)
        if m and not out.get("translator") and (names := parse_names(m.group(1))[0]):
            out["translator"] = names
            del segs["note"][i]
            break
    # "Breitman, George (editors)" printed in the author slot: the names are editors.
    author = joined(segs, "author") or ""
    if out.get("author") and not out.get("editor") and re.search(
        r"\(\s*(eds?|editors?|hrsg|hg)\.?\s*\)|,\s*eds?\.?$", author, re.I
    ):
        out["editor"] = out.pop("author")
        out.pop("others", None)


def strip_title(text: str) -> str:
    """Drop surrounding quotes and final punctuation, keep ? and !."""
    text = " ".join(text.split()).strip()
    for _ in range(2):
        text = text.strip(" ,.;:")
        if text[:1] in _QUOTES:
            text = text[1:]
        if text[-1:] in _QUOTES and not (text[-1:] == "’" and text[-2:-1].isalpha()
                                         and "‘" not in text):
            text = text[:-1]
    text = text.strip(" ,;:")
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$|\b(etc|al|Co|Inc|Ltd)\.$", text):
        text = text[:-1]
    return text.strip()


# the medium NLM prints after a title ("[Internet]", "[online]", "[electronic resource]")
_MEDIUM = re.compile(r"\s*\[(?:internet|online|electronic resource|e-?book|cd-rom)\][.,;:]?\s*$",
                     re.I)


def norm_title(segs: Segments, out: Out) -> None:
    title = joined(segs, "title")
    if title:
        out["title"] = strip_title(_MEDIUM.sub("", title))


# an abbreviated word inside a journal's name ("Trans. ", "J. "), and one that ends it
# ("Comput.", "Geosci.", before a comma or bracket the labeller left on)
_ABBREVIATED = re.compile(rf"\b{UPPER}{LOWER}*\.\s")
_ABBREVIATED_END = lazy_compile(rf"[\s.]{UPPER}{LOWER}{{0,9}}\.[\s,;:)]*$")


_BRACKETED_SERIES = re.compile(r"^\s*\((.+?)(?:,?\s+(\d+))?\)[.,;]?\s*$")


def norm_container(segs: Segments, out: Out) -> None:
    """journal -> journal; container-title -> booktitle ("In" stripped); collection -> series."""
    journal = joined(segs, "journal")
    if journal:
        journal = LEADING_IN.sub("", journal)
        name = strip_title(journal)
        if _ABBREVIATED.search(name) and _ABBREVIATED_END.search(journal):
            # "J. Log. Comput.": an abbreviated name keeps its last word's period
            name += "."
        out["journal"] = name
    container = joined(segs, "container-title")
    if container:
        text = strip_title(LEADING_IN.sub("", container))
        if text:
            out["booktitle"] = text
    series = joined(segs, "collection-title")
    if series:
        m = _BRACKETED_SERIES.match(series)
        if m:
            # "(Vorträge und Forschungen 42)." "(Fonti e studi, 14)": the series and its number
            series = m.group(1)
            if m.group(2) and not segs.get("issue") and not segs.get("volume"):
                out["number"] = m.group(2)
        out["series"] = strip_title(re.sub(r"^(?:of|in|coll\.|collection)\s+", "", series, flags=re.I))


_VOLS = re.compile(r"\bvols?\.?\s*(\d+)\s*[-–—]+\s*(\d+)", re.I)
# "3 vols." "3 vol." "3 Bde." "4 tomes" "2 voll.": a count of volumes (a digit before the word)
_NVOLS = re.compile(r"\b(\d+)\s*(?:vols?|voll|bde|bände|tomes|tomos|tomi)\b\.?|\bin\s+(\d+)\s+(?:vols?|volumes)\b", re.I)
# a volume (and issue) followed by ":" and a page range: "9:1871–1874", "18(9): 1434–40.";
# a single page after "(issue):" or after a volume's ":" when it has three digits or more
# ("39:1146"; "70: 6" is a volume and issue)
_VOL_PAGES = re.compile(
    r"^(.*?[\w)])\s*:\s*([A-Za-z]?\d+\s*[-–—‐−]+\s*[A-Za-z]?\d+|e\d{3,}|(?<=\):)\s*\d+|(?<=\d:)\s*\d{3,})[.,;]?\s*$")
# "13(4):e0195432", "9:e54321", "12(3):45-9" labelled as pages: a volume (and issue) glued
# before them, printed without a space in Vancouver style
_GLUED_VOLUME = re.compile(r"^(\d+\s*(?:\([^()]*\))?)\s*:\s*(\S.*)$")
_VOL_ISSUE = re.compile(r"^\s*(\w+)\s*\(\s*([\w\s/–—-]+?)\s*\)")
_ISSUE_CUE = re.compile(
    r"(?:\bn\.?\s?[°º]\.?|\b(?:issue|iss|number|nos|no|nr|núm|heft|n|вып|выпуск)\b\.?|№)\s*([\w/–—-]+)",
    re.I)
# ("v. 58": ABNT's volume)
_VOL_CUE = re.compile(r"\b(?:volume|vol|bd|tome|t|т|том|v)\b\.?\s*([\w–—-]+)", re.I)


_SECTION_PAGE = re.compile(r"^\W*[A-Z]\d{1,2}\W*$")
# "1999;50:" / "2011; 17(1):" / "2010 Mar;375(9718)": Vancouver's year (and month) before
# the ";" that opens the volume, labelled with it
_YEAR_VOLUME = re.compile(
    r"^\W*((?:1[5-9]|20)\d\d)(?:\s+([^\W\d_]{3,9})\.?(?:\s+\d{1,2})?)?\s*;\s*(?=\d)")
_ARTICLE_IN_VOLUME = re.compile(r"[,;]?\s*\b(?:Article|Art\.)\s*(?:No\.?\s*)?(\w+)[.,;]?\s*$")


def norm_volume(segs: Segments, out: Out) -> None:
    """"Vol. 26, Issue 4" / "61(3)" / "vol.36, no. 9" / "Vols. 1-3" -> volume, number, volumes."""
    text = joined(segs, "volume")
    if not text:
        return
    if _SECTION_PAGE.match(text) and not segs.get("pages"):
        # "The Daily Courier, A3.": a newspaper's section and page, no volume
        out["pages"] = clean(text)
        return
    m = _YEAR_VOLUME.match(text)
    if m:
        if "year" not in out:
            out["year"] = m.group(1)
        if m.group(2) and "month" not in out and m.group(2).lower() in MONTHS:
            out["month"] = MONTHS[m.group(2).lower()]
        text = text[m.end():]
    m = _ARTICLE_IN_VOLUME.search(text)
    if m and not segs.get("pages") or m and _PAGE_COUNT.match(joined(segs, "pages") or ""):
        # "42, 3, Article 14" (ACM): the article number rode with the volume and issue
        out["eid"] = m.group(1)
        text = text[: m.start()]
    m = _VOL_PAGES.match(text)
    if m and not segs.get("pages"):
        # "18(9):1434–40": the pages printed glued to the volume, labelled with it
        norm_pages({"pages": [m.group(2)]}, out)
        text = m.group(1)
    m = _VOLS.search(text)
    if m:
        first, last = int(m.group(1)), int(m.group(2))
        if last >= first:
            out["volumes"] = str(last - first + 1)
        text = text[: m.start()] + text[m.end() :]
    m = _NVOLS.search(text)
    if m:
        out["volumes"] = m.group(1) or m.group(2)
        text = text[: m.start()] + text[m.end() :]
    season = re.search(r"\b(spring|summer|autumn|fall|winter)\b", text, re.I)
    if season and "month" not in out:
        out["month"] = season.group(1).lower()
        text = text[: season.start()] + text[season.end() :]
    m = _VOL_ISSUE.match(text)
    if m:
        out["volume"] = m.group(1)
        if m.group(2).strip():
            out["number"] = m.group(2).replace("–", "-").strip()
        return
    issue = _ISSUE_CUE.search(text)
    if issue:
        out["number"] = clean(issue.group(1))
        text = text[: issue.start()] + text[issue.end() :]
    vol = _VOL_CUE.search(text)
    if vol:
        out["volume"] = clean(vol.group(1))
        return
    rest = clean(re.sub(r"[():]", " ", text))
    first_word = rest.split()[0] if rest.split() else ""
    if first_word:
        out["volume"] = clean(first_word)
    if len(rest.split()) > 1 and "number" not in out:
        second = clean(rest.split()[1])
        if second.isdigit():
            out["number"] = second


# the cue is followed by a period or a space ("S. 12", "pp 4"), or is p/pp glued to
# the number ("pp12"): "S12" is a supplement page, not "S." and 12
_PAGE_CUE = re.compile(r"^\s*(?:(?:pp?|pages?|pgs?|s|ss|p\.p)(?:\.\s*|\s+)|pp?(?=\d))", re.I)
_PAGE_RANGE = re.compile(r"([A-Za-z]?\d+)\s*(?:[-–—‐−]+|\s+to\s+)\s*([A-Za-z]?\d+)")


# An article number printed where pages go: "e0234567" (PLOS), "aac4716"
# (Science), "034505" (Physical Review), "Article 12", "Art. no. 4567".
_ARTICLE_NUMBER = re.compile(r"^(?:e\d{3,}|[A-Za-z]{2,}\d{3,}|[A-Za-z]?\d{6,})$")
_ARTICLE_CUE = re.compile(r"^(?:article|art\.?)(?:\s*(?:no|number|id|nr)\.?)?\s*:?\s*(\w+)$", re.I)


# the number of pages, the word after the number: "38 pages" (ACM), "312 p.", "– 412 с.".
# A book's page count stays its ``pages`` (AnyStyle's data labels it so); beside an
# article number it is the article's length and is dropped.
_PAGE_COUNT = re.compile(r"^\W*\d+\s*(?:pages|pp|p|S|Seiten|pagine|págs?|с|стр)\.?[\W]*$")


def norm_pages(segs: Segments, out: Out) -> None:
    """"pp. 1–50" -> "1--50"; "p. 296-306" -> "296--306"; "345–73" -> "345--373".

    An article number ("e0234567", "aac4716", "Article 12") is not a page:
    it goes to ``eid``, biblatex's field for an article's electronic
    identifier (BibTeX styles have none; biblatex prints ``eid`` where pages
    would be).
    """
    text = joined(segs, "pages")
    if not text or ("eid" in out and _PAGE_COUNT.match(text)):
        return  # "Article 14 (Nov. 2020), 38 pages" (ACM): the article's length, not where it sits
    text = _PAGE_CUE.sub("", text.strip(" ,.;:()"))
    glued = _GLUED_VOLUME.match(text)
    if glued and "volume" not in out:
        norm_volume({"volume": [glued.group(1)]}, out)
        text = glued.group(2)
    word = text.strip(" ,.;:()[]")
    m = _ARTICLE_CUE.match(word)
    if m or _ARTICLE_NUMBER.match(word):
        out["eid"] = m.group(1) if m else word
        return
    m = _PAGE_RANGE.search(text)
    if m:
        start, end = m.group(1), m.group(2)
        if start.isdigit() and end.isdigit() and len(end) < len(start) and int(end) < int(
            start[-len(end) :] or 0
        ) + 10 ** len(end):
            expanded = start[: len(start) - len(end)] + end
            if int(expanded) >= int(start):
                end = expanded
        out["pages"] = f"{start}--{end}"
        return
    single = re.search(r"[A-Za-z]?\d+[A-Za-z]?", text)
    out["pages"] = single.group(0) if single else clean(text)


_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
MONTHS: dict[str, str] = {}
for _abbr, _names in {
    "jan": "jan january janvier januar enero gennaio",
    "feb": "feb february février fevrier februar febrero febbraio",
    "mar": "mar march mars märz marz marzo",
    "apr": "apr april avril abril aprile",
    "may": "may mai mayo maggio",
    "jun": "jun june juin juni junio giugno",
    "jul": "jul july juillet juli julio luglio",
    "aug": "aug august août aout agosto",
    "sep": "sep sept september septembre septiembre settembre",
    "oct": "oct october octobre oktober octubre ottobre",
    "nov": "nov november novembre noviembre",
    "dec": "dec december décembre decembre dezember diciembre dicembre",
}.items():
    for _n in _names.split():
        MONTHS[_n] = _abbr
_SEASONS = {"spring", "summer", "autumn", "fall", "winter"}


# a volume and issue glued after the date's ";" and closed by the pages' ":" (never a
# second year: "1950; 1952" has no colon)
_DATE_VOLUME = re.compile(r";\s?(\d+\s*(?:\([^()]*\))?)\s*:\s*$")


def norm_date(segs: Segments, out: Out) -> None:
    """"(2009)" / "Oct. 1967" / "summer 1985" / "1950, 1952, 1953" -> year, years, month."""
    text = joined(segs, "date")
    if not text:
        return
    glued = _DATE_VOLUME.search(text)
    if glued and not segs.get("volume"):
        # "2010 Mar;375(9718):" (Vancouver, no space after ";"): the volume rode with the date
        norm_volume({"volume": [glued.group(1)]}, out)
        text = text[: glued.start()]
    years = _YEAR.findall(text)
    if years:
        out["year"] = years[0]
        if len(years) > 1:
            out["years"] = list(dict.fromkeys(years))
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if word in MONTHS and "month" not in out:
            out["month"] = MONTHS[word]
        elif word in _SEASONS and "month" not in out:
            out["month"] = word


_PUBLISHER_WORD = lazy_compile(
    r"\b(press|books|publish\w*|verlag|editions?|éditions|university|company|co|inc|ltd|"
    r"house|media|presses)\b\.?",
    re.I,
)


def _place_words(text: str) -> list[str]:
    return [w.lower().strip(".,").replace(".", "") for w in text.split()]


# MLA's "UP" (University Press): "Oxford UP", "U of Chicago P"
_UP = re.compile(r"\bUP\b|^U of .+ P$")


def is_place(text: str) -> bool:
    """A short run of known place words ("New York", "Lanham", "Washington D.C.")."""
    words = _place_words(text)
    return bool(words) and len(words) <= 3 and all(w in PLACES or w in MORE_PLACES for w in words)


# state and country names and codes that follow a town ("Cambridge, MA",
# "Ross-on-Wye, UK"): after a comma they continue a place, never name one
# that a publisher's name comes before
REGIONS = frozenset("uk usa us ny nj ca il md ct ma mass dc pa tx va wa mi oh nc ga fl mn wi in "
                    "co az or la ri vt nh me ok ks ne ia mo ky tn sc al ms ar ut nv nm id mt wy "
                    "nd sd hi ak de wv england scotland wales ireland germany france italy spain "
                    "canada australia switzerland netherlands austria belgium japan china "
                    "india brazil mexico russia poland sweden norway denmark finland portugal "
                    "greece turkey israel egypt nigeria kenya argentina chile "
                    # full names of US states and Canadian provinces ("London, Ontario")
                    "alabama alaska arizona arkansas california colorado connecticut delaware "
                    "florida hawaii idaho illinois indiana iowa kansas kentucky "
                    "louisiana maine maryland massachusetts michigan minnesota mississippi "
                    "missouri montana nebraska nevada ohio oklahoma oregon pennsylvania "
                    "tennessee texas utah vermont virginia wisconsin wyoming "
                    "ontario quebec alberta manitoba saskatchewan".split())


def is_region(text: str) -> bool:
    """A state or country ("MA", "U.K.", "Germany"), not a town."""
    words = _place_words(text)
    if len(words) == 2 and words[0] == "the":  # "The Netherlands"
        words = words[1:]
    return len(words) == 1 and words[0] in REGIONS


def town_like(text: str) -> bool:
    """One to three capitalised words with no digit and no publisher's or organisation's word
    ("Redmond", "San Jose"): what stands before a state in an address."""
    words = text.split()
    return (0 < len(words) <= 3 and all(w[:1].isupper() for w in words)
            and not any(c.isdigit() for c in text)
            and not _PUBLISHER_WORD.search(text) and not ORG_WORDS.search(text))


_CYRILLIC_TOWN_ABBREVIATION = re.compile(r"(?:^|[\s–—])[А-ЯЁ][А-ЯЁа-яё]{0,2}\.[\s:;,]*$")


def norm_imprint(segs: Segments, out: Out) -> None:
    """publisher, location -> publisher, address (outer punctuation dropped).

    In "Publisher, Place Year" lists the model sometimes runs the two
    together; a comma split is taken back apart when one side is plainly
    a publisher ("… Press") or the tail a known town and the head not
    ("Black & Red, Detroit"), and the other plainly a place.
    """
    publisher = clean(joined(segs, "publisher") or "")
    address = clean(joined(segs, "location") or "")
    if not publisher and "," in address:
        head, _, tail = address.rpartition(",")
        if (_PUBLISHER_WORD.search(head) and not _PUBLISHER_WORD.search(tail)) or (
            is_place(tail) and not is_region(tail) and not is_place(head)
            and not any(c.isdigit() for c in head)
        ):  # "Black & Red, Detroit" as one place: a publisher and its town
            publisher, address = clean(head), clean(tail)
        elif (is_place(head) and not is_place(tail) and not is_region(tail)
              and re.search(r"[^\W\d_]{3}", tail)
              and town_like(tail.replace("&", "").replace(" and ", " "))):
            # "Milano, Electa": a known town and then its publisher (Italian, French)
            publisher, address = clean(tail), clean(head)
    if not address and "," in publisher:
        head, _, tail = publisher.rpartition(",")
        if is_place(tail):
            publisher, address = clean(head), clean(tail)
        elif is_region(tail) and "," in head:
            # "Microsoft Research, Redmond, WA": a town before a state or country code
            body, _, town = head.rpartition(",")
            if town_like(town):
                publisher, address = clean(body), clean(town) + ", " + clean(tail)
    if (address and not publisher and not re.search(r"[,:;]", address) and not is_place(address)
            and (_PUBLISHER_WORD.search(address) or _UP.search(address))):
        # "Oxford UP," "Tyne Press" taken for the place: a publisher's name
        publisher, address = address, ""
    if publisher and not address and is_place(publisher):
        # "Hartmann, P.: Die Hanse. Lübeck 1998.": a known town is the place, not a publisher
        publisher, address = "", publisher
    if publisher:
        out["publisher"] = publisher
    if address:
        if _CYRILLIC_TOWN_ABBREVIATION.search(joined(segs, "location") or ""):
            address += "."  # "М.", "СПб.": GOST's abbreviated towns keep their period
        out["address"] = address


_ORDINAL = re.compile(r"\b(\d+)\s*(?:st|nd|rd|th|e|er|ème|re|a|ª|º|ᵃ|ᵉ|\.)?(?:\b|(?<=[ªº.]))", re.I)
_ORDINAL_WORDS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
}


def norm_edition(segs: Segments, out: Out) -> None:
    """"(2nd ed.)" -> "2"; "Second edition" -> "2"; "Revised Edition." -> "Revised"."""
    text = joined(segs, "edition")
    if not text:
        return
    if not re.search(r"\d|ed|éd|aufl|revis|überarb|erw|print|impr|ausg", text, re.I):
        # "Rossi, M. (ed.), Studi, Firenze 1990": a place the labeller took for an edition
        if is_place(clean(text)) and "address" not in out:
            out["address"] = clean(text)
            return
    body = re.sub(r"\b(ed|edn|edition|éd|auflage|aufl)\b\.?", " ", text, flags=re.I)
    body = clean(body)
    m = _ORDINAL.match(body)
    if m:
        out["edition"] = m.group(1)
    elif body.lower() in _ORDINAL_WORDS:
        out["edition"] = _ORDINAL_WORDS[body.lower()]
    elif body:
        out["edition"] = body


_URL_CUE = re.compile(
    r"^(?:[\[(]?(?:url|available|online|retrieved|from|at|via|accessed|on|link)[\])]?[.:]?\s*)+",
    re.I)


_SCHEME_INSIDE = re.compile(r"(?:https?|ftp)://", re.IGNORECASE)


def normalize_url(text: str) -> str:
    """Join a URL broken by spaces, drop <>, cues and trailing punctuation, add a scheme."""
    text = _URL_CUE.sub("", text.strip())
    text = "".join(text.split()).strip("<>()[]")
    text = text.rstrip(".,;:>)]")
    m = _SCHEME_INSIDE.search(text)
    if m and m.start() and "/" not in text[: m.start()] and not text[m.start() - 1].isalnum():
        text = text[m.start():]  # "Notes.http://…": a word the PDF's text glued before the URL
    if text.lower().startswith("www."):
        text = "http://" + text
    return text


def norm_url(segs: Segments, out: Out) -> None:
    """The URL; a "URL" of plain words with no dot or slash inside ("Zenodo.", the
    repository an APA data set names before its DOI) is where the work is published."""
    text = joined(segs, "url")
    if text:
        url = normalize_url(text)
        if url and not re.search(r"[./:]", url):
            if url[:1].isupper():
                out["howpublished"] = clean(text)
        elif url:
            out["url"] = url


_DOI = re.compile(r"10\.\d{4,9}/\S+")


def norm_doi(segs: Segments, out: Out) -> None:
    """"doi: 10.1046/x." / "https://doi.org/10…" -> "10.1046/x"; a DOI URL moves here too."""
    for text in (joined(segs, "doi"), out.get("url")):
        if isinstance(text, str):
            m = _DOI.search(text.replace("‐", "-"))
            if m and "doi" not in out:
                out["doi"] = m.group(0).rstrip(".,;)]")
                if text is out.get("url") and "doi.org" in text:
                    out.pop("url")


def norm_isbn(segs: Segments, out: Out) -> None:
    text = joined(segs, "isbn")
    if text:
        m = re.search(r"[\dXx][\d\s–-]{8,}[\dXx]", text)
        if m:
            out["isbn"] = re.sub(r"[^\dXx]", "", m.group(0)).upper()


_CUE_ONLY = re.compile(
    r"[\W_]*(?:(?:online|available|at|from|url|retrieved|internet|web|on|the)[\W_]*)+", re.I
)


_ARXIV_ID = lazy_compile(
    r"(?i)\barxiv\s*:?\s*((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?)")


def norm_misc(segs: Segments, out: Out) -> None:
    """genre -> type; note, medium, source -> note."""
    genre = joined(segs, "genre")
    if genre:
        out["type"] = clean(genre)
    notes = [clean(t) for lab in ("note", "medium", "source") for t in segs.get(lab, [])]
    # "[Online]. Available:" (IEEE) only announces the URL that follows
    notes = [n for n in notes if n and not _CUE_ONLY.fullmatch(n)]
    for n in notes:  # "arXiv:1106.1580", "arXiv: hep-th/0510251": biblatex's eprint
        m = _ARXIV_ID.search(n)
        if m and "eprint" not in out:
            out["eprint"], out["eprinttype"] = m.group(1), "arxiv"
    if notes:
        out["note"] = "; ".join(notes)


_ACCESSED = lazy_compile(
    r"(?:accessed|retrieved|viewed|consulted|visited|abgerufen|consulté)\s*(?:on|am|le)?\s*:?\s*"
    r"([^;\]]{1,40})",
    re.I,
)
_MONTH_NAME = r"([^\W\d_]{3,10})\.?"
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+" + _MONTH_NAME + r",?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(_MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(_MONTH_NAME + r",?\s+(\d{4})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_MONTH_NUMBER = {abbr: i for i, abbr in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def _month_number(word: str) -> int | None:
    abbr = MONTHS.get(word.lower()) or MONTHS.get(word.lower()[:3])
    return _MONTH_NUMBER.get(abbr) if abbr else None


def iso_date(text: str) -> str | None:
    """A printed date -> ISO 8601 ("3 May 2016", "May 3, 2016" -> "2016-05-03").

    Day-month-year, month-day-year, ISO and month-year forms are read; a
    numeric "05/03/2019" only when the day is unambiguous (over 12), since
    its order depends on the country. None when no date is recognised.
    """
    def ymd(y: str, m: int | None, d: str | int | None = None) -> str | None:
        if m is None or not 1 <= m <= 12:
            return None
        if d is None:
            return f"{y}-{m:02d}"
        return f"{y}-{m:02d}-{int(d):02d}" if 1 <= int(d) <= 31 else None

    if m := _ISO.search(text):
        return ymd(m.group(1), int(m.group(2)), m.group(3))
    if m := _DAY_MONTH_YEAR.search(text):
        if (iso := ymd(m.group(3), _month_number(m.group(2)), m.group(1))):
            return iso
    if m := _MONTH_DAY_YEAR.search(text):
        if (iso := ymd(m.group(3), _month_number(m.group(1)), m.group(2))):
            return iso
    if m := _MONTH_YEAR.search(text):
        if (iso := ymd(m.group(2), _month_number(m.group(1)))):
            return iso
    if m := _NUMERIC.search(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return ymd(m.group(3), b, a)
        if b > 12 >= a:
            return ymd(m.group(3), a, b)
    return None


def norm_urldate(segs: Segments, out: Out) -> None:
    """"[accessed 5 February 2016]", "Retrieved March 5, 2019, from" in a
    note -> urldate in ISO form ("2016-02-05"), biblatex's urldate format; a
    date that cannot be read is kept as printed."""
    note = out.get("note")
    if isinstance(note, str):
        m = _ACCESSED.search(note)
        if m and re.search(r"\d", m.group(1)):
            iso = iso_date(m.group(1))
            out["urldate"] = iso or clean(re.split(r",\s*(?:from|at)\b", m.group(1))[0])


NORMALIZERS: list[Normalizer] = [
    norm_names,
    norm_title,
    norm_container,
    norm_date,  # before volume, so a season printed with the date wins
    norm_volume,
    norm_pages,
    norm_imprint,
    norm_edition,
    norm_url,
    norm_doi,
    norm_isbn,
    norm_misc,
    norm_urldate,
]


def normalize(segs: Segments) -> tuple[Out, list[str]]:
    """Run every normaliser in order; return the field values and any failures."""
    out: Out = {}
    failures: list[str] = []
    for step in NORMALIZERS:
        try:
            step(segs, out)
        except Exception as exc:  # noqa: BLE001 - one bad value must not lose the record
            failures.append(f"{step.__name__}: {exc!r}")
    return out, failures
