"""Word judgements shared by the ligature and hyphenation repairs: tokens, frequencies, thresholds.

Words are judged by ``wordfreq`` Zipf frequencies (3.0 is about one use per
million words, 6.0 one per thousand); ``written_in`` checks that a text reads
as the word list's language before any frequency-based repair is trusted.
``tokens`` gives a line's word tokens outside URLs, e-mail addresses and DOIs.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Sequence
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .urls import protected

# wordfreq is imported where it is first needed, not with this module: at import it
# walks the whole call stack (``inspect.stack()``, to find its data folder), at a cost
# per frame, and the chain of imports that loads this module holds dozens of frames
# (offline report on the sample: 34 frames, ~0.013 s; from the first call: 18, ~0.010 s).


# --------------------------------------------------------------------------- thresholds
# Zipf scale: 3.0 is about one use per million words, 6.0 one per thousand.

WORD = 3.0  # a candidate repair must be at least this frequent to be accepted
PLAUSIBLE = 3.0  # a damaged token this frequent may be a real word: never silently changed
MARGIN = 1.5  # the repair must beat the damaged form by this much
CLOSE = 0.8  # two candidates nearer than this are ambiguous unless evidence breaks the tie
CONTRACTION_GAP = 1.0  # "ive" vs "i've": the apostrophe spelling dominates by this much

TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


# --------------------------------------------------------------------------- word frequencies


@lru_cache(maxsize=8)
def _frequencies(lang: str) -> dict[str, float]:
    kept = _kept_list(lang)
    if kept is not None:
        return kept
    from wordfreq import get_frequency_dict

    freqs = get_frequency_dict(lang, "best")  # the same call (and cache) as zipf_frequency
    _keep_list(lang, freqs)
    return freqs


# --------------------------------------------------------------------------- the word list, kept
# Importing wordfreq loads ftfy, regex and langcodes for its tokenizer, which a plain
# word's look-up never uses: ~0.54 G instructions of the sample's ~6.9 G offline report
# (~0.1 s) on every run. So the frequencies get_frequency_dict gives
# are kept in citecheck's cache folder, one file per wordfreq version and language, and
# later runs read them from there without importing wordfreq. The file is plain text
# (one line per frequency: the frequency, a tab, its words), checked as it is read; a
# missing, stale or damaged file only means wordfreq is asked again.

_KEPT_FORMAT = "citecheck-wordlist 1"
# the run's cache folder (Settings.cache_dir, which --cache-dir sets), as repair() is told;
# unset: CITECHECK_CACHE_DIR or the platform's user cache folder, as Settings defaults
KEPT_IN: ContextVar[Path | None] = ContextVar("citecheck_word_lists", default=None)
_LANG_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@lru_cache(maxsize=1)
def _wordfreq_version() -> str | None:
    """wordfreq's installed version, read from its metadata (without importing it)."""
    from importlib import metadata

    try:
        return metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        return None


def _kept_file(lang: str) -> Path | None:
    """Where the word list of *lang* is kept, or None when it cannot be (no wordfreq)."""
    version = _wordfreq_version()
    if version is None or not _LANG_CODE.fullmatch(lang):
        return None
    folder = KEPT_IN.get() or os.environ.get("CITECHECK_CACHE_DIR")
    if not folder:
        import platformdirs

        folder = platformdirs.user_cache_dir("citecheck", appauthor=False)
    return Path(folder) / "wordlists" / f"wordfreq-{version}-{lang}-best.txt"


def _kept_list(lang: str) -> dict[str, float] | None:
    path = _kept_file(lang)
    try:
        text = path.read_text(encoding="utf-8") if path is not None else None
    except (OSError, UnicodeDecodeError):
        return None
    if not text:
        return None
    head, _, body = text.partition("\n")
    fields = head.split("\t")
    if len(fields) != 3 or fields[0] != _KEPT_FORMAT or fields[1] != lang:
        return None
    freqs: dict[str, float] = {}
    try:
        for line in body.split("\n"):
            number, _, words = line.partition("\t")
            freq = float(number)
            if not 0.0 < freq <= 1.0:  # a frequency, not nan, inf or a negative number
                return None
            for word in words.split(" "):  # (one insert each: cheaper than a dict per line merged in)
                freqs[word] = freq
    except ValueError:
        return None
    return freqs if str(len(freqs)) == fields[2] else None  # a file cut short is not used


def _keep_list(lang: str, freqs: dict[str, float]) -> None:
    """Write the word list for later runs (best effort: an unwritable folder only costs time)."""
    path = _kept_file(lang)
    if path is None:
        return
    by_freq: dict[float, list[str]] = {}
    for word, freq in freqs.items():
        if word and not any(c.isspace() for c in word):  # never a token of TOKEN
            by_freq.setdefault(freq, []).append(word)
    count = sum(len(words) for words in by_freq.values())
    lines = [f"{_KEPT_FORMAT}\t{lang}\t{count}"]
    lines += [f"{freq!r}\t{' '.join(words)}" for freq, words in by_freq.items()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_text("\n".join(lines), encoding="utf-8")
        os.replace(partial, path)  # whole or not at all, even with runs side by side
    except OSError:
        pass


def _zipf_of(freq: float | None) -> float:
    """A word list frequency on the Zipf scale, as wordfreq's ``zipf_frequency`` rounds it."""
    return round(math.log10(freq) + 9, 2) if freq else 0.0


# languages whose words wordfreq reads as NFKC, case-folded (checked against
# ``zipf_frequency`` in tests/test_repair_words.py): 'ﬁnd' -> 'find', 'straße' -> 'strasse'
_NFKC_CASEFOLD = frozenset({"en"})


@lru_cache(maxsize=500_000)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency; a plain lowercase word is looked up directly (much faster)."""
    word = word.lower().replace("’", "'")
    if word.isascii() and word.replace("'", "").isalpha() and word.count("'") <= 1:
        return _zipf_of(_frequencies(lang).get(word))
    if lang in _NFKC_CASEFOLD:  # as wordfreq's tokenizer reads a word of letters alone
        key = unicodedata.normalize("NFKC", word).casefold()
        if key.replace("'", "").isalpha() and key.count("'") <= 1:  # as ASCII words above
            return _zipf_of(_frequencies(lang).get(key))
        parts = word.split("-")  # a compound: its parts' frequencies combined
        if len(parts) > 1 and all(p.isascii() and p.isalpha() for p in parts):
            return _zipf_of(_combined([_frequencies(lang).get(p) for p in parts]))
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def _combined(freqs: list[float | None]) -> float | None:
    """The frequency of a compound ('peasant-soldiers') as wordfreq gives it: its tokens'
    frequencies combined as 1/f = 1/f1 + 1/f2 + ..., to three significant digits; no
    frequency when a token is not in the list."""
    if not freqs or not all(freqs):
        return None
    freq = 1.0 / sum(1.0 / f for f in freqs)  # type: ignore[operator]
    return round(freq, math.floor(-math.log(freq, 10)) + 3)


def candidate_zipf(word: str, lang: str) -> float:
    """:func:`zipf` for a spelling tried once (a candidate repair), without a cache entry.

    A repair tries dozens of spellings per damaged word, nearly all no word and
    never asked again: a word of ASCII letters is read straight from the word
    list (as :func:`zipf` reads it), anything else goes to :func:`zipf`.
    """
    if word.isascii() and word.isalpha():
        return _zipf_of(_frequencies(lang).get(word.lower()))
    return zipf(word, lang)


@lru_cache(maxsize=200_000)
def plausibility(word: str, lang: str) -> float:
    """How much `word` looks like a real word in edited prose (Zipf scale).

    Corpora count apostrophe-less contractions ("ive" for "I've") as words;
    edited prose does not use them, so such a token's own frequency is
    discounted by how far its apostrophe spelling outnumbers it.
    """
    own = zipf(word, lang)
    if own < PLAUSIBLE - 0.5 or len(word) > 7 or "'" in word or "’" in word:
        # too rare to block a repair anyway, too long for a contraction, or one already
        return own
    if word.isascii() and word.isalpha():
        # each spelling read from the word list as zipf() reads it, without a cache entry
        # for each of them (most are no word; the word itself is cached above)
        low, freqs = word.lower(), _frequencies(lang)
        best = max(
            (_zipf_of(freqs.get(low[:i] + "'" + low[i:])) for i in range(1, len(low))),
            default=0.0,
        )
    else:
        best = max((zipf(word[:i] + "'" + word[i:], lang) for i in range(1, len(word))),
                   default=0.0)
    if own and best - own >= CONTRACTION_GAP:
        return max(0.0, own - (best - own))
    return own


@lru_cache(maxsize=8)
def supported(lang: str) -> bool:
    path = _kept_file(lang)
    if path is not None and path.is_file():
        return True  # its word list was kept: wordfreq knows it (and need not be imported)
    from wordfreq import available_languages

    return lang in available_languages()


COVERAGE = 0.75  # share of common words: ~0.95 in the text's own language, ~0.4-0.7 in another


def written_in(lines: Sequence[str], lang: str, sample: int = 3000) -> bool:
    """Whether the text reads as `lang`: most of its words are common words of `lang`.

    Judging a French text by English frequencies would "repair" sound French
    words, so frequency-based repairs need this check to pass.
    """
    words: list[str] = []
    step = max(1, len(lines) // 200)  # spread the sample over the document
    for line in lines[::step]:
        words += TOKEN.findall(line)
        if len(words) >= sample:
            break
    if len(words) < 20:
        return True  # too little text to tell; thresholds still guard each repair
    return sum(zipf(w, lang) >= 3.0 for w in words) / len(words) >= COVERAGE


# --------------------------------------------------------------------------- tokens


class Tok(NamedTuple):  # a tuple: cheap to build for every word of the text
    start: int
    end: int
    text: str


# Builds a Tok from a ready tuple without the Python-level __new__ (as Tok._make
# does): tokens are built for every word of the text.
_new_tok = tuple.__new__


@lru_cache(maxsize=20_000)
def tokens(line: str) -> tuple[Tok, ...]:
    """Word tokens of `line` outside URLs, e-mail addresses and DOIs."""
    spans = protected(line)
    if not spans:
        return tuple(
            [_new_tok(Tok, (m.start(), m.end(), m.group())) for m in TOKEN.finditer(line)]
        )
    return tuple(
        [
            _new_tok(Tok, (m.start(), m.end(), m.group()))
            for m in TOKEN.finditer(line)
            if not any(a <= m.start() < b for a, b in spans)
        ]
    )
