"""Tokeniser and token features for the reference labeller.

Takes one reference string and returns its tokens (whitespace-separated, as
AnyStyle tokenises, so a token never straddles two labelled segments of the
AnyStyle training data; a glued "2010;12(3):45-9" is cut after its ";" and
":") and, for each token, a list of ``name=value`` feature names
(UTF-8 bytes) for the CRF in :mod:`citecheck.parse.crf`.

Features follow AnyStyle's parser: the word itself, its shape, one- and
two-letter affixes, punctuation, cue words (pp., vol., ed., In …), year- and
number-likeness, dictionary look-ups, the token's position in the string, the
quote and bracket state, the punctuation-delimited chunk it sits in, and a
subset of these for the two neighbours on each side.

Everything that depends only on the token text is cached per
:class:`Featurizer` (the dictionary and the model's attributes are part of
it), as are the feature lists of each chunk description: most tokens of a
bibliography repeat ("pp.", "Press,", years), so the work per token is
mostly list assembly and the C tagger.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Mapping

# Quote characters that open / close a quoted title. A straight double quote
# toggles, because it is both.
OPEN_QUOTES = "“«„‘"
STRAIGHT_QUOTE = '"'

_STRIP = re.compile(r"^[\W_]+|[\W_]+$")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_PURE_YEAR = re.compile(r"\W*(1[5-9]\d\d|20\d\d)[a-z]?\W*")
_NUMBER = re.compile(r"^\d+$")
_RANGE = re.compile(r"^[\W]*\d+\s*[-–—‐]+\s*\d+[\W]*$")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_URL = re.compile(r"(https?://|www\.|ftp://|\.(html?|php|pdf|aspx?)\b)", re.I)
_DOI = re.compile(r"(^|\b)(doi|10\.\d{4,9}/)", re.I)
_INITIAL = re.compile(r"^[A-Z]\.(-?[A-Z]\.)*,?$")
_SQUEEZE = re.compile(r"(.)\1+")
_STATE_CHARS = re.compile(r"[“”«»„‘’\"()\[\]]")

# Cue words (lower-cased, outer punctuation stripped) -> feature value.
CUES: dict[str, str] = {
    **dict.fromkeys(["p", "pp", "pages", "page", "s", "ss", "pgs"], "page"),
    **dict.fromkeys(["vol", "vols", "volume", "volumes", "bd", "tome", "t"], "volume"),
    **dict.fromkeys(["no", "nos", "issue", "iss", "nr", "number", "heft", "n"], "issue"),
    **dict.fromkeys(
        ["ed", "eds", "edd", "editor", "editors", "edited", "hrsg", "hg", "éd", "éds", "dir",
         "coord", "cura", "curr", "herausgegeben"],
        "editor",
    ),
    **dict.fromkeys(["edn", "edition", "auflage", "aufl", "revised", "rev", "überarb", "erw",
                     "durchges", "bearb", "neubearb", "expanded", "enlarged", "édition",
                     "edizione", "edición", "ed.ª"], "edition"),
    **dict.fromkeys(["repr", "reprint", "reprinted", "rpt", "nachdr", "nachdruck", "rist",
                     "ristampa", "réimpr", "réimpression", "reimpr"], "reprint"),
    **dict.fromkeys(["in", "dans", "en"], "in"),
    **dict.fromkeys(["trans", "tr", "translated", "translator", "transl", "übers"], "trans"),
    **dict.fromkeys(["and", "und", "et", "&"], "and"),
    **dict.fromkeys(["al"], "etal"),
    **dict.fromkeys(
        ["press", "university", "verlag", "publishing", "publishers", "publisher", "books",
         "company", "co", "inc", "ltd", "editions", "éditions", "presses", "house", "gmbh",
         "associates", "sons", "routledge", "springer", "wiley", "elsevier", "macmillan",
         "penguin", "blackwell", "sage", "norton", "knopf", "harper", "verso"],
        "publisher",
    ),
    **dict.fromkeys(
        ["journal", "review", "quarterly", "bulletin", "annals", "proceedings", "transactions",
         "letters", "studies", "magazine", "zeitschrift", "revue", "rivista", "j"],
        "journal",
    ),
    **dict.fromkeys(
        ["conference", "symposium", "workshop", "congress", "meeting", "proc", "colloquium"],
        "conference",
    ),
    **dict.fromkeys(
        ["thesis", "dissertation", "phd", "ph.d", "diss", "masters", "master's", "msc", "ma"],
        "thesis",
    ),
    **dict.fromkeys(["report", "working", "paper", "technical", "tech", "memo"], "report"),
    **dict.fromkeys(["isbn", "issn"], "isbn"),
    **dict.fromkeys(["retrieved", "accessed", "available", "online", "url", "viewed"], "access"),
    **dict.fromkeys(
        ["jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun",
         "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october",
         "nov", "november", "dec", "december", "janvier", "février", "mars", "avril", "mai",
         "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "januar",
         "februar", "märz", "juni", "juli", "oktober", "dezember"],
        "month",
    ),
    **dict.fromkeys(["spring", "summer", "autumn", "fall", "winter"], "season"),
    **dict.fromkeys(["n.d", "nd", "forthcoming", "undated", "o.j"], "nodate"),
    **dict.fromkeys(["van", "von", "de", "der", "den", "du", "da", "del", "della", "di", "le", "la",
                     "ten", "ter", "dos", "das"], "particle"),
    **dict.fromkeys(["the", "a", "an", "of", "on", "for", "to", "with", "from"], "function"),
}

# A short hand-written list of publishing towns, so that a place the training
# data never saw ("Lanham", "Detroit") still looks like a place. General
# knowledge, written for this project; the training data adds its own words.
PLACES = frozenset(
    """london oxford cambridge new york boston chicago paris berlin leipzig munich münchen
    frankfurt vienna wien amsterdam leiden the hague rome roma milan milano madrid barcelona
    lisbon moscow st petersburg princeton haven baltimore philadelphia washington dc
    berkeley los angeles san francisco stanford toronto montreal ottawa sydney melbourne
    tokyo beijing delhi edinburgh glasgow dublin manchester basingstoke abingdon hoboken
    lanham detroit minneapolis ithaca durham bloomington urbana amherst cambridge ma mass
    ny nj ca il md ct uk usa jersey malden newbury park thousand oaks westport totowa
    heidelberg stuttgart göttingen tübingen hamburg zürich zurich basel geneva genève brussels
    copenhagen stockholm oslo helsinki warsaw prague budapest athens jerusalem cairo
    chichester harmondsworth hove aldershot farnham cheltenham norwood englewood cliffs
    upper saddle river reading menlo redwood city austin atlanta houston seattle pittsburgh
    cleveland columbus ann arbor madison lincoln norman lawrence iowa nashville charlottesville
    chapel hill albany buffalo rochester syracuse notre dame evanston""".split()
)
# More publishing towns, for the rules that ask whether a segment names a place
# (:func:`citecheck.parse.normalize.is_place`), not for the labeller's features: a
# feature list change would change the model (5-fold labels F1 on the dev set fell
# 0.0016 when these were features).
MORE_PLACES = frozenset(
    """köln koln cologne münster munster lübeck lubeck kiel bremen hannover dresden mainz trier
    bamberg würzburg regensburg freiburg marburg jena halle erlangen bonn düsseldorf
    innsbruck salzburg graz linz bern luzern lausanne utrecht groningen gent leuven louvain
    antwerpen rotterdam uppsala lund aarhus kraków krakow poznań poznan wrocław wroclaw brno
    salamanca sevilla coimbra porto pisa siena lucca perugia trento verona genova palermo
    torino napoli firenze bologna venezia padova bari lyon toulouse strasbourg rennes lille
    bordeaux marseille spoleto ravenna""".split()
)

NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
# Feature groups, pruned for speed by 5-fold ablation (bench/results/parse.md,
# "Third round"): the tagger's time grows with the features per token, and
# 3- and 4-letter affixes, a bias, the far neighbours' words and the
# next-chunk-head-by-chunk-size pair carried little weight; without them
# cross-validated F1 does not drop.
_AFFIX_FEATURES = ("p1=", "p2=", "s1=", "s2=")
_FAR_FEATURES = ("shape=", "cue=", "last=", "year", "num", "cap")


_SPACE_RUN = re.compile(r"\S+")
# "2010;12(3):45-9." and "12(3):45-67,": a year, volume and pages printed
# without spaces are split after the ";" or ":" that ends a number, so each
# part can carry its own label. Not inside URLs and DOIs ("/", "<").
_GLUED = re.compile(r"(?<=[\d)\]][;:])(?=\d)")
# Text extracted from PDFs glues words across a separator ("Verstraete,Matrix",
# "1999,A&AS", "Theor.46", "MNRAS,373", "2016)P01019") or moves the separator onto
# the next word (",Phys." ".Soc", ":National"): cut after a "," or ";" between a
# word and a letter, after a "." or "," that ends a word of 2+ letters before a
# number, after a ")" glued to the next word, and a leading ",;:." off a word, so
# each field's words are tokens of their own.
_GLUED_WORDS = re.compile(
    r"(?<=[^\W_)\]][,;])(?=[^\W\d_])|(?<=[^\W\d_]{2}[.,])(?=\d)|(?<=^[,;:.])(?=[^\W_])"
    r"|(?<=[^\W_]\))(?=[^\W_])")
_GLUED_ANY = re.compile(
    r"[\d)\]][;:]\d|[^\W_)\]][,;][^\W\d_]|[^\W\d_]{2}[.,]\d|(?:^|\s)[,;:.][^\W_]|[^\W_]\)[^\W_]"
    r"|[^\W_][.,;:)\]](?:https?|ftp)://", re.IGNORECASE)
# a word glued before a URL's scheme ("Vigo.https://…", "Notes.http://…", "URL:http://…")
_GLUED_SCHEME = re.compile(r"(?<=[^\W_][.,;:)\]])(?=(?:https?|ftp)://)", re.IGNORECASE)


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token: whitespace-separated; glued
    "year;volume(issue):pages" runs cut after their ";" and ":", and words
    glued by PDF extraction cut apart (see ``_GLUED_WORDS``). URLs, DOIs and
    e-mail addresses are never cut."""
    out: list[tuple[int, int]] = []
    for m in _SPACE_RUN.finditer(text):
        a, b = m.span()
        tok = m.group(0)
        if "/" in tok or "<" in tok or "@" in tok or "www." in tok:
            glued = _GLUED_SCHEME.search(tok)
            if glued and "/" not in tok[: glued.start()]:  # the word before the URL is its own
                out.append((a, a + glued.start()))
                a = a + glued.start()
            out.append((a, b))
            continue
        cuts = {c.start() for c in _GLUED_WORDS.finditer(tok)}
        if ";" in tok or ":" in tok:
            cuts.update(c.start() for c in _GLUED.finditer(tok))
        for cut in sorted(cuts):
            if 0 < cut < len(tok):
                out.append((a, m.start() + cut))
                a = m.start() + cut
        out.append((a, b))
    return out


def tokenize(text: str) -> list[str]:
    """Split a reference string into tokens (see :func:`token_spans`)."""
    if not _GLUED_ANY.search(text):  # most strings: plain whitespace split
        return text.split()
    return [text[a:b] for a, b in token_spans(text)]


@lru_cache(maxsize=65536)
def strip_word(token: str) -> str:
    """The token without outer punctuation, lower-cased ("(2009)." -> "2009")."""
    return _STRIP.sub("", token).lower()


def shape(token: str) -> str:
    """Squeezed word shape: "McGraw-Hill," -> "XxXx-Xx,"; "1967." -> "d."."""
    return _SQUEEZE.sub(_first_char, token.translate(_SHAPE_TABLE))


class _ShapeTable(dict[int, str]):
    """str.translate table: A-Z and À-Ý -> X, a-z and ß-ÿ -> x, decimal digits -> d.

    Filled on first sight of each character; one translate is about three
    times cheaper than the three regular-expression substitutions it replaces.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if "A" <= ch <= "Z" or "À" <= ch <= "Ý":
            out = "X"
        elif "a" <= ch <= "z" or "ß" <= ch <= "ÿ":
            out = "x"
        else:  # ``\d`` of a str regex: Unicode category Nd, which isdecimal() tests
            out = "d" if ch.isdecimal() else ch
        self[code] = out
        return out


_SHAPE_TABLE = _ShapeTable()


def _first_char(m: re.Match[str]) -> str:
    # a function, not the template r"\1": re expands templates in Python per match
    return m[1]


def _fold(word: str) -> str:
    """Lower-cased word without accents, for dictionary look-ups."""
    if word.isascii():  # most words: nothing to decompose
        return word
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode() or word


class Featurizer:
    """Turns token sequences into CRF feature lists.

    ``dictionary`` maps a lower-cased word to the labels it mostly carried in
    the training data (see :func:`build_dictionary`); it is part of the model,
    so cross-validation builds it from the training folds only.
    """

    def __init__(
        self, dictionary: Mapping[str, str] | None = None, known: frozenset[str] | None = None
    ) -> None:
        self.dictionary = dict(dictionary or {})
        # Attributes the trained model has weights for (None while training).
        self.known = None if known is None else frozenset(a.encode() for a in known)
        self._known_at = None if self.known is None else _by_offset(self.known)
        self._cache: dict[str, tuple[list[bytes], list[list[bytes]], _TokenInfo]] = {}
        self._chunk_cache: dict[tuple, list[bytes]] = {}

    # ------------------------------------------------------------------ word features
    def word_features(self, token: str) -> list[str]:
        """Features that depend only on the token's text."""
        word = strip_word(token)
        feats = [
            "w=" + word,
            "shape=" + shape(token),
            "wshape=" + shape(_STRIP.sub("", token) or token),
        ]
        if word:
            feats += ["p1=" + word[:1], "p2=" + word[:2], "s1=" + word[-1:], "s2=" + word[-2:]]
        first, last = token[0], token[-1]
        if not first.isalnum():
            feats.append("first=" + first)
        if not last.isalnum():
            feats.append("last=" + last)
            if len(token) > 1 and not token[-2].isalnum():
                feats.append("last2=" + token[-2:])
        if token[:1].isupper():
            feats.append("cap")
        if token.isupper() and len(word) > 1:
            feats.append("allcaps")
        if _INITIAL.match(token):
            feats.append("initial")
        cue = CUES.get(word) or CUES.get(word.replace(".", ""))
        if cue:
            feats.append("cue=" + cue)
        if _YEAR.search(token):
            feats.append("year")
            if _PURE_YEAR.fullmatch(token):
                feats.append("pureyear")
        if _NUMBER.match(word):
            feats.append("num")
            feats.append("numlen=%d" % min(len(word), 5))
        elif any(map(str.isdigit, word)):
            feats.append("hasdigit")
        if _RANGE.match(token):
            feats.append("range")
        if _ROMAN.match(word) and word:
            feats.append("roman")
        if _URL.search(token):
            feats.append("url")
        if _DOI.search(token):
            feats.append("doi")
        if "/" in token:
            feats.append("slash")
        folded = _fold(word)
        if folded in PLACES:
            feats.append("place")
        known = self.dictionary.get(folded)
        if known:
            feats += ["dict=" + lab for lab in known.split("|")]
        return feats

    def _cached(self, token: str) -> tuple[list[bytes], list[list[bytes]], _TokenInfo]:
        hit = self._cache.get(token)
        if hit is None:
            names = self.word_features(token)
            encoded = [f.encode() for f in names]
            # Neighbours see only the most telling features, prefixed with
            # their offset, computed once per distinct token.
            keep = [e for f, e in zip(names, encoded)
                    if not f.startswith(_AFFIX_FEATURES + ("wshape=",))]
            # the far neighbours (±2) add only shape, cues, end marks, numbers: as
            # accurate in cross-validation, and fewer features to tag
            far = [e for f, e in zip(names, encoded) if f.startswith(_FAR_FEATURES)]
            shifted = [self._shifted(off, far if abs(off) == 2 else keep)
                       for off in NEIGHBOUR_OFFSETS]
            own = encoded if self.known is None else [f for f in encoded if f in self.known]
            hit = (own, shifted, _token_info(token))
            if len(self._cache) < 200_000:
                self._cache[token] = hit
        return hit

    def _shifted(self, offset: int, feats: list[bytes]) -> list[bytes]:
        """``feats`` as a neighbour's at ``offset`` ("-1:cap"), those the model knows."""
        prefix = _OFFSET_PREFIX[offset]
        if self._known_at is None:
            return [prefix + f for f in feats]
        # Dropping attributes the model has no weight for changes no label
        # (crfsuite ignores unknown attributes) but saves it looking them up;
        # testing the name before prefixing saves building most of them.
        known = self._known_at[offset]
        return [prefix + f for f in feats if f in known]

    # ------------------------------------------------------------------ sequences
    def features(self, tokens: list[str]) -> list[list[bytes]]:
        """One feature list per token, including position, state and neighbours.

        Feature names are UTF-8 bytes, which crfsuite takes as they are: a
        ``str`` would be encoded again on every call, and that conversion
        was about a third of the tagger's time.
        """
        n = len(tokens)
        cached = [self._cached(t) for t in tokens]
        states = _states(tokens)
        chunks = _chunks([c[2] for c in cached], self.known, self._chunk_cache)
        positions = _POSITIONS[n] if n < len(_POSITIONS) else [_POSITION[i * 10 // n] for i in range(n)]
        # Neighbour features of the tokens around i, padded with "none" at
        # both ends. The feature lists themselves are cached, so the work per
        # token is one list display that unpacks eight short lists.
        left2 = ([_NONE[0], _NONE[0]] + [c[1][0] for c in cached[:-2]])[:n]
        left1 = [_NONE[1]] + [c[1][1] for c in cached[:-1]]
        right1 = [c[1][2] for c in cached[1:]] + [_NONE[2]]
        right2 = [c[1][3] for c in cached[2:]] + [_NONE[3], _NONE[3]]
        out = [
            [*own[0], *pos, *st, *ch, *l2, *l1, *r1, *r2]
            for own, pos, st, ch, l2, l1, r1, r2
            in zip(cached, positions, states, chunks, left2, left1, right1, right2)
        ]
        out[0] += _BOS
        out[-1] += _EOS
        return out


def _by_offset(known: frozenset[bytes]) -> dict[int, frozenset[bytes]]:
    """Offset -> the unprefixed names of the model's neighbour attributes there."""
    out: dict[int, set[bytes]] = {off: set() for off in NEIGHBOUR_OFFSETS}
    for attr in known:
        head, sep, name = attr.partition(b":")
        if sep and head in _OFFSET_NAMES:
            out[_OFFSET_NAMES[head]].add(name)
    return {off: frozenset(names) for off, names in out.items()}


_OFFSET_NAMES = {b"%d" % off: off for off in NEIGHBOUR_OFFSETS}
_OFFSET_PREFIX = {off: b"%d:" % off for off in NEIGHBOUR_OFFSETS}
_NONE = [[f"{off}:none".encode()] for off in NEIGHBOUR_OFFSETS]
_POSITION = [[b"pos=%d" % k] for k in range(10)]
# the position lists of every sequence length up to 200 tokens, built once
_POSITIONS = [[_POSITION[i * 10 // n] for i in range(n)] for n in range(200)]
_BOS, _EOS = [b"BOS"], [b"EOS"]


@lru_cache(maxsize=65536)
def _state_flags(tok: str) -> tuple[bool, bool, bool, bool]:
    """(has a year, is "In", is an editor cue, ends a sentence-like segment)."""
    word = strip_word(tok)
    return (
        bool(_YEAR.search(tok)),
        word in ("in", "in:"),
        CUES.get(word.replace(".", "")) == "editor",
        tok[-1] in ".?!" and not _INITIAL.match(tok) and len(word) > 2,
    )


_StateKey = tuple[bool, bool, bool, bool, bool, bool, int, int]
_STATE_LISTS: dict[_StateKey, list[bytes]] = {}
_STATE_NAMES = ("inquote", "inparen", "afteryear", "afterquote", "afterin", "aftereditor")


def _state_list(key: _StateKey) -> list[bytes]:
    flags = [name.encode() for name, on in zip(_STATE_NAMES, key[:6]) if on]
    return flags + [b"stops=%d" % key[6], b"commas=%d" % key[7]]


def _states(tokens: list[str]) -> list[list[bytes]]:
    """Per-token context: inside quotes/brackets, and what came before.

    A CRF only sees a window of neighbours, so whether we are inside a quoted
    title, how many segment-ending stops and commas came before, whether a
    year, a closed quote, an "In" or an editor cue has been seen are passed
    in explicitly. They separate, for instance, a book's title (before any
    "In") from the container's title (after it).
    """
    out: list[list[bytes]] = []
    in_quote = single = False
    paren = 0
    seen_year = seen_quote_close = seen_in = seen_editor = False
    stops = commas = 0
    prev = ""
    for tok in tokens:
        first = tok[0]
        key = (
            in_quote or first in OPEN_QUOTES or first == STRAIGHT_QUOTE,
            paren > 0 or first in "([",
            seen_year, seen_quote_close, seen_in, seen_editor, min(stops, 4), min(commas, 4),
        )
        st = _STATE_LISTS.get(key)
        if st is None:  # few distinct states: build each feature list once
            st = _STATE_LISTS[key] = _state_list(key)
        out.append(st)
        # update state after the token; ’ is also an apostrophe, so it
        # closes a single-quoted title only at the end of a word
        for k, ch in enumerate(tok if _STATE_CHARS.search(tok) else ""):
            if ch in "“«„":
                in_quote = True
            elif ch in "”»":
                in_quote = False
                seen_quote_close = True
            elif ch == "‘" and k == 0:
                in_quote = single = True
            elif ch == "’" and single and not tok[k + 1 : k + 2].isalpha():
                in_quote = single = False
                seen_quote_close = True
            elif ch == STRAIGHT_QUOTE:
                in_quote = not in_quote
                if not in_quote:
                    seen_quote_close = True
            elif ch in "([":
                paren += 1
            elif ch in ")]":
                paren = max(0, paren - 1)
        is_year, is_in, is_editor, is_stop = _state_flags(tok)
        seen_year = seen_year or is_year
        if is_in and (not prev or prev[-1] in ".,:;”\"’)"):
            seen_in = True
        seen_editor = seen_editor or is_editor
        stops += is_stop
        commas += tok.endswith(",")
        prev = tok
    return out


@lru_cache(maxsize=65536)
def _word_class(token: str | None) -> str:
    """A coarse class of a chunk's first word, for the look-ahead features."""
    if token is None:
        return "none"
    word = strip_word(token)
    cue = CUES.get(word) or CUES.get(word.replace(".", ""))
    if cue and cue not in ("function", "particle"):
        return cue
    if _URL.search(token):
        return "url"
    if _YEAR.search(token):
        return "year"
    if any(map(str.isdigit, token)):
        return "num"
    if token[0] in OPEN_QUOTES or token[0] == STRAIGHT_QUOTE:
        return "quote"
    if token[0] in "([":
        return "paren"
    if _INITIAL.match(token):
        return "initial"
    return "cap" if token[:1].isupper() else "lower"


@lru_cache(maxsize=65536)
def ends_chunk(token: str) -> bool:
    """A token that ends a punctuation-delimited chunk ("Press," "1967." "Review:")."""
    last = token[-1]
    if last in ",;:)]”\"":
        return True
    return last in ".?!" and not _INITIAL.match(token) and len(strip_word(token)) > 1


# What the chunk features need to know of a token, computed once per
# distinct token: (ends a chunk, word class, has a year, has a digit, end
# mark, stripped lower-cased word).
_TokenInfo = tuple[bool, str, bool, bool, str, str]


def _token_info(token: str) -> _TokenInfo:
    return (ends_chunk(token), _word_class(token), _has_year(token), _has_digit(token),
            _end_mark(token), strip_word(token))


def _chunks(
    infos: list[_TokenInfo],
    known: frozenset[bytes] | None = None,
    cache: dict[tuple, tuple[list[bytes], ...]] | None = None,
) -> list[list[bytes]]:
    """Features of the punctuation-delimited chunk each token sits in.

    Segment-level evidence a window of two neighbours misses: how long the
    chunk is (titles are long, places short), how it starts, and how the
    next chunk starts (a title is followed by a journal, a journal by a
    volume number). Takes the tokens' :func:`_token_info`. ``cache`` (one
    per model: it holds lists filtered to ``known``) keeps the lists of each
    distinct chunk description, so a description seen before costs one
    dictionary look-up.
    """
    n = len(infos)
    ends = [i + 1 for i, info in enumerate(infos) if info[0]]
    if not ends or ends[-1] != n:
        ends.append(n)
    starts = [0] + ends[:-1]
    heads = [infos[a][1] for a in starts] + ["none", "none"]
    years = [info[2] for info in infos]
    digits = [info[3] for info in infos]
    out: list[list[bytes]] = []
    for k, (a, b) in enumerate(zip(starts, ends)):
        key = (
            b - a if b - a < 6 else 6, heads[k], heads[k + 1], heads[k + 2],
            heads[k - 1] if k > 0 else "none", min(k, 6),
            True in years[a:b], True in digits[a:b],
            infos[b - 1][4], infos[a - 1][4] if k > 0 else None,
            infos[b][5] if b < n else None,
        )
        lists = cache.get(key) if cache is not None else None
        if lists is None:
            lists = _chunk_lists(key, known)
            if cache is not None and len(cache) < 100_000:
                cache[key] = lists
        single, first, middle, last = lists
        # one list per token; the middle tokens of a chunk share one (callers copy)
        if b - a == 1:
            out.append(single)
        else:
            out.append(first)
            out.extend([middle] * (b - a - 2))
            out.append(last)
    return out


def _chunk_lists(key: tuple, known: frozenset[bytes] | None) -> tuple[list[bytes], ...]:
    """(single-token, first, middle, last) feature lists of a chunk description."""
    length, head, nxt, nxt2, prv, k, has_year, has_digit, end, prev_end, next_word = key
    size = "1" if length == 1 else "2" if length == 2 else "3-5" if length <= 5 else "6+"
    common = ["clen=" + size, "chead=" + head, "cnext=" + nxt, "cnext2=" + nxt2,
              "cprev=" + prv, "chunk=%d" % k]
    # what the chunk holds and how it and its predecessor end: a chunk
    # with a year is rarely a title, one ending in ":" is often a place
    if has_year:
        common.append("chas=year")
    if has_digit:
        common.append("chas=digit")
    common.append("cend=" + end)
    if prev_end is not None:
        common.append("cprevend=" + prev_end)
    if next_word is not None:
        common.append("cnextw=" + next_word)
    # conjunctions a linear model cannot form itself: how the chunk is entered
    # (the previous chunk's end mark and this chunk's head: "." then a capital
    # opens a journal or a publisher after a title) and what it sits between
    # (the previous end mark and the next chunk's head: a journal lies between
    # a "." and a volume number)
    common.append("cpn=%s|%s" % (prev_end, nxt))
    opening = ("cbeg=%s|%s" % (prev_end, head)).encode()
    encoded = [f.encode() for f in common]
    if known is not None:  # as for word features: the model has no weight for the rest
        encoded = [f for f in encoded if f in known]
        opening_ = [opening] if opening in known else []
    else:
        opening_ = [opening]
    return (encoded + _FIRST_LAST + opening_, encoded + _FIRST + opening_, encoded,
            encoded + _LAST)


_FIRST, _LAST, _FIRST_LAST = [b"cfirst"], [b"clast"], [b"cfirst", b"clast"]


@lru_cache(maxsize=65536)
def _has_year(token: str) -> bool:
    return bool(_YEAR.search(token))


@lru_cache(maxsize=65536)
def _has_digit(token: str) -> bool:
    return any(map(str.isdigit, token))


def _end_mark(token: str) -> str:
    return token[-1] if not token[-1].isalnum() else "alnum"


def build_dictionary(
    sequences: Iterable[tuple[list[str], list[str]]], min_count: int = 2, share: float = 0.6
) -> dict[str, str]:
    """Word -> "label|label" for words that mostly carried those labels in training.

    Only labels a dictionary helps with (places, publishers, journals, person
    names) are kept; a word is listed under a label when at least ``share`` of
    its ``min_count``+ occurrences carried it.
    """
    wanted = {"location", "publisher", "journal", "author", "editor", "container-title"}
    counts: dict[str, dict[str, int]] = {}
    for tokens, labels in sequences:
        for tok, lab in zip(tokens, labels):
            w = _fold(strip_word(tok))
            if len(w) < 2 or w.isdigit():
                continue
            counts.setdefault(w, {}).setdefault(lab, 0)
            counts[w][lab] += 1
    out: dict[str, str] = {}
    for w, by_label in counts.items():
        total = sum(by_label.values())
        if total < min_count:
            continue
        labs = sorted(lab for lab, c in by_label.items() if lab in wanted and c / total >= share)
        if labs:
            out[w] = "|".join(labs)
    return out
