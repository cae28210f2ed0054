"""BibTeX at the edges: read a .bib into References, write References as .bib, losing nothing.

Reading: ``bibtext.split_blocks`` cuts the file into its ``@`` blocks with
their spans and lines; pybtex reads each entry (with the ``@string`` macros
defined above it), so one broken entry is a Reference with ``error`` and its
own line, and the others are still read. Each Reference keeps its text as
written (``raw``) and where it is (``source``).

Writing a bibliography that came from a .bib (``write_bibliography``) gives
back the file's own text: an entry nobody changed is written byte for byte,
a changed one has only its changed fields rewritten (``apply_field_changes``),
and ``@string``, ``@preamble``, ``@comment`` and the text between blocks are
never touched. Entries parsed from a document are written whole
(``format_entry``).

Values are written in UTF-8; with ``ascii=True`` a character is written as a
LaTeX escape when latexcodec has one that reads back as the same character,
and the characters that have none are returned so the caller can say so.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import latexcodec  # noqa: F401  (registers the "ulatex" codecs)
from pybtex.bibtex.utils import split_name_list, split_tex_string
from pybtex.database import Entry as PybtexEntry, InvalidNameString, Person
from pybtex.database.input.bibtex import DuplicateField, Parser, UndefinedMacro, month_names
from pybtex.textutils import normalize_whitespace

from .bibtext import LineIndex, comment_before, diagnose, edit_entry, lex_fields, split_blocks, splice
from .formats import PUBSTATE_WORDS
from .models import OTHERS_FLAG, BibSource, DuplicateKey, EntryType, Fields, Name, Reference

# --------------------------------------------------------------------------- types

# BibTeX and biblatex entry types -> the coarse types citecheck checks against; the type
# as written is kept in Reference.source and written back unchanged
_TYPE_IN: dict[str, EntryType] = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "booklet": "book",
    "periodical": "book",
    "incollection": "incollection",
    "inreference": "incollection",
    "suppcollection": "incollection",
    "inproceedings": "inproceedings",
    "conference": "inproceedings",
    "inbook": "inbook",
    "bookinbook": "inbook",
    "suppbook": "inbook",
    "phdthesis": "phdthesis",
    "mastersthesis": "mastersthesis",
    "thesis": "phdthesis",
    "techreport": "techreport",
    "report": "techreport",
    "online": "online",
    "www": "online",
    "electronic": "online",
}
# blocks that hold data for other entries rather than describe a work: kept in the file,
# not checked as references
_NOT_WORKS = {"xdata", "set"}

VERBATIM = {"url", "doi", "urldate", "isbn", "issn", "eprint", "file", "archiveurl", "archivedate",
            "verba", "verbb", "verbc", "pdf"}
PEOPLE = ("author", "editor", "translator")
TITLES = {"title", "booktitle", "subtitle", "maintitle", "shorttitle", "series"}

BibFields = dict[str, str | list[str]]
"""BibTeX field name -> value; author/editor/translator as lists of 'Family, Given'."""

_LINE_IN_MESSAGE = re.compile(r"\bline (\d+)")


_TOKEN = re.compile(r"\\[A-Za-z]+|\\[{}]|\\.|[{}]|[^\\{}]+|\\", re.DOTALL)


def _markup_braces(tokens: list[str]) -> list[bool | None]:
    """For each token: True for a brace that belongs to a LaTeX command, False for one that is
    only BibTeX grouping (case protection), None for any other token.

    A group right after a control word is its argument (``\\mbox{G-Animal's}``),
    and so is a group right after such an argument (``\\href{url}{text}``); a
    group that starts with a control word ends it (``{\\TeX}``). These must
    stay for LaTeX to read the text the same; other groups only protect case.
    """
    marks: list[bool | None] = [None] * len(tokens)
    stack: list[int] = []
    prev_word = False
    after_argument = False  # the token before is the '}' of a command's argument
    for i, tok in enumerate(tokens):
        closes_argument = False
        if tok == "{":
            nxt = next((t for t in tokens[i + 1:] if t.strip()), "")
            keep = prev_word or after_argument or bool(re.match(r"\\[A-Za-z]", nxt))
            marks[i] = keep
            stack.append(i)
        elif tok == "}":
            opener = stack.pop() if stack else None
            marks[i] = marks[opener] if opener is not None else False
            # an argument: its group came right after a control word or another argument
            before = next((t for t in reversed(tokens[:opener]) if t.strip()), "") \
                if opener is not None else ""
            closes_argument = bool(marks[i]) and (
                bool(re.fullmatch(r"\\[A-Za-z]+", before)) or before == "}")
        if tok.strip():
            prev_word = bool(re.fullmatch(r"\\[A-Za-z]+", tok))
        after_argument = closes_argument
    return marks


# what latexcodec changes: commands, ties, dashes, TeX quotes, math; text without these decodes
# to itself, so it skips the (slow) codec
_NEEDS_DECODING = re.compile(r"[\\~$]|--|``|''|[!?]`")


@functools.lru_cache(maxsize=8192)
def _latex_to_text(value: str) -> str:
    """Decode LaTeX escapes (\\'e, \\&, ``) to Unicode and drop case-protecting braces.

    Commands latexcodec does not know (``\\TeX``, ``\\mkbibquote{…}``) are kept
    with the braces that delimit them, so writing the text back gives the same LaTeX.
    """
    # latexcodec reads \\textbackslash as a bare backslash, which would then escape what follows
    value = re.sub(r"\\textbackslash(?:\{\}|\s+|(?![A-Za-z]))", "\uE000", value)
    # \relax does nothing ('{\relax Ch}arles' sorts a name under "Ch"): it is no text
    # nor does \unskip print anything ('"1987" # "\unskip--"': a range still open)
    if "\\unskip" in value:  # it takes the blanks before it too (split: linear on any run of them)
        parts = re.split(r"\\unskip(?![A-Za-z])\s*", value)
        value = "".join(p.rstrip() if i < len(parts) - 1 else p for i, p in enumerate(parts))
    value = re.sub(r"\\relax(?![A-Za-z])\s*", "", value)
    if "\\text" in value or "\\euro" in value:
        value = _TEXTCOMP_RE.sub(lambda m: _TEXTCOMP_IN[m.group(1)], value)
    # a bare % in a BibTeX value is text ("rose 50% in"), not a LaTeX comment: latexcodec
    # would drop the rest of the value
    value = re.sub(r"(?<!\\)((?:\\\\)*)%", r"\1\\%", value)
    if _NEEDS_DECODING.search(value):
        try:
            value = codecs.decode(value, "ulatex")
        except Exception:  # latexcodec is lenient; keep the raw value if it is not
            pass
    if "\\" in value:  # accents latexcodec leaves (\'{\i}, \=P, \H{a}, \~{e}): combining marks
        value = _ACCENTED.sub(_accented, value)
    value = re.sub(r"\\([$#_&%])", r"\1", value)
    tokens = _TOKEN.findall(value)
    marks = _markup_braces(tokens)
    out: list[str] = []
    for i, (tok, keep) in enumerate(zip(tokens, marks)):
        if keep is False:
            # a group's brace that ends a control word ('{V\\TeX} Typesetting') still ends it
            before = next((t for t in reversed(tokens[:i]) if t.strip()), "")
            if before and re.fullmatch(r"\\[A-Za-z]+", before) and tok == "}":
                out.append("{}")
            continue
        if tok in ("\\{", "\\}"):  # escaped braces are literal text
            out.append(tok[1])
        elif re.fullmatch(r"\\[A-Za-z]+", tok):
            out.append(tok)
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt.isspace() and i + 2 < len(tokens) and tokens[i + 2] in ("{", "}"):
                tokens[i + 1] = nxt.lstrip()  # the space latexcodec puts after a command word
        else:
            out.append(tok)
    return re.sub(r"\s+", " ", "".join(out)).strip().replace("\uE000", "\\")


_LETTER = r"(?:\\[ij](?![A-Za-z])|[A-Za-zıȷ])"
_ACCENTED = re.compile(r"\\(?:([`'^\"~=.])|([uvHcdbkr])(?=[\s{]))\s*(?:\{\s*(%s)\s*\}|(%s))"
                       % (_LETTER, _LETTER))


def _accented(m: re.Match[str]) -> str:
    """One accent command -> the letter with its combining mark (NFC): \\=P -> P̄, \\'{\\i} -> í."""
    command = m.group(1) or m.group(2)
    mark = next((k for k, v in _ACCENTS.items() if v == command), None)
    if mark is None:
        return m.group(0)
    letter = m.group(3) or m.group(4)
    letter = {"\\i": "i", "\\j": "j", "ı": "i", "ȷ": "j"}.get(letter, letter)  # \\i is i for an accent
    return unicodedata.normalize("NFC", letter + mark)


_URL_WRAPPED = re.compile(r"^\s*\\(?:url|nolinkurl|path)\s*\{([^{}]*)\}\s*$")


def _verbatim(name: str, value: str) -> str:
    """A verbatim field's value as the link or identifier it is: ``url = {\\url{…}}`` is the
    URL inside, and a character escaped for LaTeX (``10.1000/a\\_b``, ``…\\%7E``) is that
    character: no URL or DOI holds a backslash before it."""
    if name not in ("url", "doi"):
        return value
    if (m := _URL_WRAPPED.match(value)) is not None:
        value = m.group(1)
    return unescape_link(value)


def unescape_link(value: str) -> str:
    """A URL or DOI written for LaTeX (``a\\_b``, ``\\%7E``, ``\\textasciitilde{}``) as it is."""
    if "\\" not in value:
        return value
    value = re.sub(r"\\([_%&#$~])(?:\{\})?", r"\1", value)
    return re.sub(r"\{?\\(?:textasciitilde|textunderscore)(?:\{\}|\s+|(?![A-Za-z]))\}?",
                  lambda m: "~" if "tilde" in m.group(0) else "_", value)


def _name_from_person(person: Person) -> Name:
    def part(names: Iterable[str]) -> str:
        return _latex_to_text(" ".join(names))

    return Name(
        family=part(person.last_names),
        given=part(person.first_names + person.middle_names),
        prefix=part(person.prelast_names),
        suffix=part(person.lineage_names),
    )


def _entry_type(written: str, thesis_kind: str | None) -> EntryType:
    kind = written.lower()
    if kind == "thesis" and thesis_kind and re.search(r"\bma|master", thesis_kind.lower()):
        return "mastersthesis"
    return _TYPE_IN.get(kind, "misc")


# ------------------------------------------------------------------ @preamble macros

# a \newcommand of a @preamble: \newcommand{\noopsort}[1]{}, \newcommand{\switchargs}[2]{#2#1}
_GROUP = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
_NEWCOMMAND = re.compile(r"\\(?:re|provide)?newcommand\*?\s*(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))"
                         r"\s*(?:\[(\d)\])?\s*" + _GROUP)
_DEF = re.compile(r"\\def\s*\\([A-Za-z]+)((?:#\d)*)\s*" + _GROUP)
# the sorting trick BibTeX's own documentation (btxdoc) gives: \noopsort{1973b}1973 prints
# "1973"; files often use it with the definition kept in a style or a companion file
DEFAULT_MACROS: dict[str, tuple[int, str]] = {"noopsort": (1, "")}


def preamble_macros(text: str) -> dict[str, tuple[int, str]]:
    """The commands a @preamble defines: name -> (number of arguments, body with #1…)."""
    found: dict[str, tuple[int, str]] = {}
    for m in _NEWCOMMAND.finditer(text):
        found[m.group(1) or m.group(2)] = (int(m.group(3) or 0), m.group(4))
    for m in _DEF.finditer(text):
        found[m.group(1)] = (len(m.group(2)) // 2, m.group(3))
    return found


def expand_macros(value: str, macros: Mapping[str, tuple[int, str]]) -> str:
    """*value* with the given commands expanded (``{\\noopsort{1973b}}1973`` -> ``{}1973``).

    Only a command whose arguments are all brace groups is expanded; anything
    else is left as written.
    """
    if "\\" not in value or not macros:
        return value
    command = re.compile(r"\\(%s)(?![A-Za-z])" % "|".join(
        sorted(map(re.escape, macros), key=len, reverse=True)))
    group = re.compile(r"\s*" + _GROUP)
    pos = 0
    for _ in range(64):  # bounded: a body may hold another use
        m = command.search(value, pos)
        if m is None:
            break
        count, body = macros[m.group(1)]
        args: list[str] = []
        at = m.end()
        for _ in range(count):
            if (g := group.match(value, at)) is None:
                break
            args.append(g.group(1))
            at = g.end()
        if len(args) < count:  # an argument that is not a brace group: left as written
            pos = m.end()
            continue
        text = re.sub(r"#(\d)", lambda a: args[int(a.group(1)) - 1] if 0 < int(a.group(1)) <= count else "",
                      body)
        value = value[: m.start()] + text + value[at:]
        pos = m.start()
    return value


def reference_from_entry(
    key: str, entry: PybtexEntry, raw: str, line: int | None, line_end: int | None,
    macros: Mapping[str, tuple[int, str]] | None = None,
) -> Reference:
    """Map one pybtex entry to a Reference (decoding LaTeX to Unicode).

    *macros* are commands the file's @preamble defines (``\\noopsort``): they
    are expanded before decoding, as LaTeX would, so ``{\\noopsort{1973b}}1973``
    is the year 1973.
    """
    values = {k.lower(): v if k.lower() in VERBATIM else expand_macros(v, macros or DEFAULT_MACROS)
              for k, v in entry.fields.items()}

    def get(*names: str) -> str | None:
        for name in names:
            if values.get(name):
                return _verbatim(name, values[name]) if name in VERBATIM else _latex_to_text(values[name])
        return None

    people: dict[str, list[Name]] = {"author": [], "editor": [], "translator": []}
    etal: dict[str, bool] = {}
    for role in people:
        for person in entry.persons.get(role, []):
            if str(person).strip().lower() == "others":  # BibTeX's 'and others': et al.
                etal[OTHERS_FLAG[role]] = True
                continue
            people[role].append(_name_from_person(person))
    year = get("year")
    date = get("date")
    if not year and date:
        m = re.match(r"\d{4}", date)
        year = m.group(0) if m else date  # '199X' (EDTF: a year of the 1990s) is no missing year
    if not year and (state := get("pubstate")):
        # biblatex's 'pubstate = {inpress}' says what 'year = {in press}' says
        year = PUBSTATE_WORDS.get(state.lower().replace(" ", ""), state)
    fields = Fields(
        author=people["author"],
        editor=people["editor"],
        translator=people["translator"],
        **etal,
        title=get("title"),
        journal=get("journal", "journaltitle"),
        booktitle=get("booktitle"),
        series=get("series"),
        volume=get("volume"),
        volumes=get("volumes"),
        number=get("number", "issue"),
        pages=get("pages"),
        year=year,
        years=[year] if year else [],
        month=get("month"),
        publisher=get("publisher"),
        address=get("address", "location"),
        edition=get("edition"),
        url=get("url"),
        urldate=get("urldate"),
        doi=get("doi"),
        isbn=get("isbn"),
        note=get("note"),
        type=get("type"),
        school=get("school"),
        institution=get("institution"),
        organization=get("organization"),
        howpublished=get("howpublished"),
        eprint=get("eprint"),
        eprinttype=get("eprinttype", "archiveprefix"),
        eprintclass=get("eprintclass", "primaryclass"),
    )
    return Reference(
        raw=raw, line=line, line_end=line_end, key=key,
        type=_entry_type(entry.type, fields.type), fields=fields,
    )


class _Parser(Parser):
    """pybtex's parser, collecting what BibTeX only warns about instead of stopping.

    An undefined macro reads as empty text (as in BibTeX) and a repeated field
    keeps its first value; both are recorded in ``problems``.
    """

    def __init__(self, macros: Mapping[str, str], person_fields: Sequence[str] = PEOPLE) -> None:
        # translator is a name list too (pybtex reads only author and editor as names by default)
        super().__init__(macros=macros, person_fields=person_fields)
        self.problems: list[str] = []
        self.name_problems: list[tuple[str, str]] = []  # (field as written, what is wrong)

    def process_entry(self, entry_type, key, fields):  # type: ignore[no-untyped-def]  # pybtex's hook
        """Each name list read as meant: an empty name ('and and', a list that starts or ends
        with 'and', '{}') is left out and said, where BibTeX silently reads 'and Doe' as a name."""
        cleaned = []
        seen: set[str] = set()
        for name, value_list in fields:
            first = name.lower() not in seen  # a repeated field is dropped (and said) by pybtex
            seen.add(name.lower())
            if first and name.lower() in PEOPLE and name in self.person_fields:
                value = normalize_whitespace(self.flatten_value_list(value_list))
                names, problems = read_name_list(value)
                self.name_problems += [(name, p) for p in problems]
                if problems:
                    value_list = [" and ".join(names)]
            cleaned.append((name, value_list))
        return super().process_entry(entry_type, key, cleaned)

    def handle_error(self, error):  # type: ignore[no-untyped-def]  # pybtex's public hook
        if isinstance(error, UndefinedMacro):
            self.problems.append(f"undefined macro {str(error).rsplit(': ', 1)[-1]!r} (read as "
                                 "empty text, as BibTeX does; the entry is kept as written)")
            return
        if isinstance(error, DuplicateField):
            self.problems.append(str(error))
            return
        raise error


_AND = r"(?i:and)"


def read_name_list(value: str) -> tuple[list[str], list[str]]:
    """A name-list value (whitespace normalised) -> (its names as meant, what is wrong with it).

    BibTeX splits at ' and ' and reads whatever lies between as a name, so a
    doubled 'and' (``Smith, J. and and Doe, K.``) gives the name 'and Doe, K.',
    a list that starts or ends with 'and' a name holding it, and ``{}`` an empty
    name, all without a word. Here such an 'and' is dropped and an empty name
    left out, each said; a name with no family name (``, J.``) is kept and said.
    Each problem is worded to follow "the author field has …".
    """
    names: list[str] = []
    problems: list[str] = []
    parts = split_name_list(value)
    for i, name in enumerate(parts):
        meant = name
        if re.match(rf"{_AND}(?:\s|$)", meant):
            meant = re.sub(rf"^(?:{_AND}(?:\s+|$))+", "", meant)
            where = "an empty name between two 'and's" if i else "'and' at its start"
            problems.append(f"{where} (BibTeX reads {name!r} as a name)"
                            + (f"; read as {meant!r}" if meant else ", left out"))
        elif re.search(rf"\s{_AND}$", meant):
            meant = re.sub(rf"(?:\s+{_AND})+$", "", meant)
            problems.append(f"'and' at its end (BibTeX reads {name!r} as a name); read as {meant!r}")
        if not re.sub(r"[\s{},~]", "", meant):
            if meant == name:  # '{}', or nothing between 'AND and'
                problems.append(f"an empty name ({name!r}), left out" if name
                                else "an empty name between two 'and's, left out")
            continue
        if meant.lstrip("{ ").startswith(","):
            problems.append(f"a name with no family name ({meant!r})")
        names.append(meant)
    return names, problems


def _name_problem(field: str, problem: str, lexed: tuple[str | None, list] | None, start: int,
                  index: LineIndex) -> str:
    """What is wrong with a name list, said with the line of its field."""
    at = next((index.line(start + f.name_start) for f in (lexed[1] if lexed else [])
               if f.name.lower() == field.lower()), None)
    return f"the {field.lower()} field" + (f" (line {at})" if at else "") + f" has {problem}"


def _message(exc: BaseException, first_line: int) -> str:
    """pybtex's message with its line numbers (counted in the entry) made the file's."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return _LINE_IN_MESSAGE.sub(lambda m: f"line {int(m.group(1)) + first_line - 1}", text)


def _repeated_field(problem: str, lexed: tuple[str | None, list] | None, start: int,
                    index: LineIndex) -> str:
    """pybtex's 'entry with key K has a duplicate title field' said with the lines of both."""
    m = re.search(r"has a duplicate (\S+) field", problem)
    if m is None or lexed is None:
        return problem
    at = [index.line(start + f.name_start) for f in lexed[1] if f.name.lower() == m.group(1).lower()]
    if len(at) < 2:
        return problem
    return (f"the field {m.group(1)!r} is given twice (lines {at[0]} and {at[1]}); BibTeX uses the "
            "first, so the entry is kept as written")


def _as_braced(chunk: str) -> str:
    """An entry written ``@type( … )`` with its outer delimiters as braces (same length).

    BibTeX reads both delimiters alike; pybtex fails on ``@misc(key)`` with no
    fields, which BibTeX takes as ``@misc{key}``. Only called on an entry whose
    fields could be cut, so every brace inside it balances.
    """
    m = re.match(r"@[^({]*\(", chunk)
    if m is None or not chunk.endswith(")"):
        return chunk
    return chunk[: m.end() - 1] + "{" + chunk[m.end(): -1] + "}"


_LINEAGE = re.compile(r"(?:jr|sr|jun|sen)\.?|i{2,3}|iv", re.IGNORECASE)


def _read_with_lenient_names(chunk: str, macros: Mapping[str, str]
                             ) -> tuple[str, PybtexEntry, list[str], list[tuple[str, str]]]:
    """The entry of *chunk* when a name in it has too many commas, read as pybtex does when not
    strict (the parts after the second comma joined into the given names), and what was wrong.

    BibTeX says "Too many commas in name" and biber skips the name, both going on with the
    entry: its other fields are read.
    """
    data = _Parser(macros, person_fields=()).parse_string(chunk)
    key, raw = next(iter(data.entries.items()))
    problems: list[str] = []
    name_problems: list[tuple[str, str]] = []
    persons: dict[str, list[Person]] = {}
    fields = {}
    for name, value in raw.fields.items():
        if name.lower() not in PEOPLE:
            fields[name] = value
            continue
        people = persons.setdefault(name.lower(), [])
        names, said = read_name_list(normalize_whitespace(value))
        name_problems += [(name, p) for p in said]
        for one in names:
            try:
                people.append(Person(one))
            except InvalidNameString:
                parts = split_tex_string(one, ",")
                people.append(Person(", ".join([*parts[:2], " ".join(parts[2:])])))
                problems.append(f"too many commas in the name {one!r} (BibTeX reports an error, biber "
                                "skips the name); read with the parts after the second comma as given "
                                "names, the entry kept as written")
    return key, PybtexEntry(raw.type, fields=fields, persons=persons), problems, name_problems


def _name_warnings(entry: PybtexEntry) -> list[str]:
    """Names BibTeX reads otherwise than they are meant: 'Martin Luther King Jr.' has the
    family name 'Jr.' for BibTeX (the last word of a name without commas)."""
    out = []
    for role in PEOPLE:
        for person in entry.persons.get(role, []):
            given = person.first_names + person.middle_names
            if (len(person.last_names) == 1 and _LINEAGE.fullmatch(person.last_names[0]) and given
                    and not person.lineage_names and not person.prelast_names):
                meant = f"{given[-1]}, {person.last_names[0]}, {' '.join(given[:-1])}".rstrip(", ")
                out.append(f"BibTeX reads the family name of {' '.join([*given, *person.last_names])!r} "
                           f"as {person.last_names[0]!r}: write it {meant!r}")
    return out


# 'year = 2000}' right after an entry's closing brace: fields left outside it by a '}' too many
# (no two runs of blanks that can share a blank: linear on a file of blanks after an entry)
# The value must open as one does ('{', '"', a number or a macro then ',' '}' '#' or the
# line's end): prose after an entry ('Note = see below') is BibTeX's comment, not a field.
_FIELDS_AFTER = re.compile(
    r"(?:[ \t]*+,)?\s*+([A-Za-z][\w\-]*+)[ \t]*+=[ \t]*+"
    r"(?:[{\"]|(?:\d++|[A-Za-z][\w\-]*+)[ \t]*+(?:[,}#]|\r?$))", re.MULTILINE)


def _without_comment_lines(chunk: str) -> str:
    """*chunk* with its '%' lines blanked (same length), as biber reads an entry holding them."""
    return re.sub(r"(?m)^([ \t]*)%[^\r\n]*", lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))),
                  chunk)


def _written_key(raw: str) -> str | None:
    m = re.match(r"@[^{(]*[{(]\s*([^,\s{}()=]+|[^,\s=]+)\s*,", raw)  # a key with a brace too
    return m.group(1) if m else None


def read_bib(text: str, lines: Sequence[str] | None = None) -> tuple[list[Reference], list[str]]:
    """Read BibTeX text entry by entry: (references, one-line errors with line numbers).

    Every entry of the file is a Reference, in file order, including one that
    cannot be read: that one has ``error`` set (with its line in the file) and
    whatever could be read of it. An entry repeating an earlier key has
    ``duplicate`` set (and a key of its own). ``lines`` is accepted for compatibility; the
    lines are counted in *text*.
    """
    index = LineIndex(text)
    blocks = split_blocks(text, index)
    refs: list[Reference] = []
    errors: list[str] = []
    seen: dict[str, int | None] = {}  # key (lower case) -> line of the entry that has it
    macros: dict[str, str] = dict(month_names)
    commands = dict(DEFAULT_MACROS)  # what the @preamble defines, for the values after it
    xdata: dict[str, Reference] = {}  # biblatex @xdata blocks, by key (lower case)
    if not blocks and text.strip():
        errors.append("line 1: no BibTeX entry (an '@type{key,' line) found")
    previous_end = 0  # where the block before ends: a '%' in it comments nothing out
    for block in blocks:
        since, previous_end = previous_end, block.end
        chunk = text[block.start : block.end]
        kind = block.kind
        if kind == "preamble":
            commands.update(preamble_macros(text[block.start:block.end]))
            continue
        if kind == "comment":
            continue
        if kind == "string":
            parser = _Parser(macros)
            try:
                parser.parse_string(chunk)
                macros = dict(parser.macros)
            except Exception as exc:  # pybtex raises several error types
                errors.append(f"line {block.line}: @string: {_message(exc, block.line)}")
            errors += [f"line {block.line}: @string: {p}" for p in parser.problems]
            continue
        if block.command.lower() in _NOT_WORKS:
            if block.command.lower() == "xdata" and block.closed:
                # kept aside: the fields entries that name it in their xdata take, for checking
                parser = _Parser(macros)
                try:
                    data = parser.parse_string(chunk)
                    for key, entry in data.entries.items():
                        xdata[key.lower()] = reference_from_entry(key, entry, chunk, block.line,
                                                                  block.line_end, commands)
                except Exception as exc:  # pybtex raises several error types
                    errors.append(f"line {block.line}: @xdata: {_message(exc, block.line)}")
            continue
        lexed = lex_fields(chunk) if block.closed else None
        source = BibSource(
            start=block.start, end=block.end, entry_type=block.command,
            key=lexed[0] if lexed else _written_key(chunk),
            fields={f.name.lower(): f.value for f in lexed[1]} if lexed else {},
            editable=lexed is not None,
        )
        where = dict(raw=chunk, line=block.line, line_end=block.line_end)
        error: str | None = None
        ref: Reference | None = None
        if not block.closed:
            error = f"line {block.line}: the entry's braces are never closed"
            if (why := diagnose(chunk)) is not None and "never closed" in why[1]:
                at = index.line(block.start + why[0])  # which value opens the brace that never closes
                error += f": {why[1]}" + (f" (line {at})" if at != block.line else "")
        else:
            parser = _Parser(macros)
            entry: PybtexEntry | None = None
            key = ""
            problems: list[str] = []  # what BibTeX or biber only warns about
            name_problems: list[tuple[str, str]] = []  # (field, what is wrong with its names)
            try:
                data = parser.parse_string(_as_braced(chunk) if lexed is not None else chunk)
            except InvalidNameString:
                try:
                    key, entry, problems, name_problems = _read_with_lenient_names(
                        _as_braced(chunk) if lexed is not None else chunk, macros)
                except Exception as exc:  # pybtex raises several error types
                    error = f"line {block.line}: {_message(exc, block.line)}"
            except Exception as exc:  # pybtex raises several error types
                error = f"line {block.line}: {_message(exc, block.line)}"
                if (why := diagnose(chunk)) is not None:  # said in words, at its own line
                    at = index.line(block.start + why[0])
                    error = f"line {block.line}: {why[1]}" + (f" (line {at})" if at != block.line else "")
                    if "'%' line" in why[1]:
                        # an error for BibTeX; biber takes the line as a comment and reads the
                        # rest, which is checked (the entry is kept as written)
                        try:
                            data = parser.parse_string(_without_comment_lines(chunk))
                            if data.entries:
                                key, entry = next(iter(data.entries.items()))
                        except Exception:  # pybtex raises several error types
                            pass
            else:
                if not data.entries:
                    error = f"line {block.line}: could not read this entry"
                elif lexed is None and (why := diagnose(chunk)) is not None:
                    # pybtex read something, but not the entry as written (a brace in the key
                    # ends it early): said, not silently taken as an entry without fields
                    at = index.line(block.start + why[0])
                    error = f"line {block.line}: {why[1]}" + (f" (line {at})" if at != block.line else "")
                else:
                    key, entry = next(iter(data.entries.items()))
            if entry is not None:
                try:
                    ref = reference_from_entry(key, entry, chunk, block.line, block.line_end, commands)
                except Exception as exc:  # a value latexcodec rejects
                    error = f"line {block.line}: {_message(exc, block.line)}"
            if ref is not None and entry is not None:
                said = [_repeated_field(p, lexed, block.start, index) for p in [*parser.problems, *problems]]
                if said and not error:
                    # what BibTeX only warns about (a repeated field, an undefined macro, a name
                    # with too many commas): the entry is read as BibTeX reads it and checked,
                    # the warning kept as data; fix and export --enrich leave its text alone
                    # (which value is meant is the author's call)
                    source = source.model_copy(update={"editable": False})
                said += [_name_problem(field, p, lexed, block.start, index)
                         for field, p in [*parser.name_problems, *name_problems]]
                said += _name_warnings(entry)
                if comment_before(text, block.start, since):
                    said.append("the entry is on a line commented out with '%': BibTeX reads it, "
                                "biber skips it as a comment")
                if block.closed and (after := _FIELDS_AFTER.match(text, block.end)):
                    said.append(f"the entry ends at line {block.line_end}, but the text after it reads "
                                f"as a field ({after.group(1)!r}): a '}}' too many closes the entry "
                                "early, and BibTeX skips that text")
                if said:
                    ref = ref.model_copy(update={"notice": f"line {block.line}: " + "; ".join(dict.fromkeys(said))})
        if ref is None and error and comment_before(text, block.start, since):
            continue  # '% write to me@example.org (Jane)': a comment, not a broken entry
        if ref is None:
            ref = Reference(**where, key=source.key or f"line-{block.line}",
                            type=_TYPE_IN.get(block.command.lower(), "misc"))
        if error:
            errors.append(error)
            ref = ref.model_copy(update={"error": error})
        key = ref.key
        duplicate = None
        if key.lower() in seen:
            # a second entry under the same key: kept, under a key of its own, so that
            # export and fix can name it (the file itself is written back as it was);
            # carried as data (Reference.duplicate), not as a read error
            n = 2
            while f"{key}-{n}".lower() in seen:
                n += 1
            unique = f"{key}-{n}"
            duplicate = DuplicateKey(key=key, first_line=seen[key.lower()], renamed=unique)
            key = unique
        seen[key.lower()] = block.line
        refs.append(ref.model_copy(update={"key": key, "source": source, "duplicate": duplicate}))
    return _inherit(_take_xdata(refs, xdata)), errors


# Fields an entry never takes from an @xdata block or a crossref parent on their own: the years
# follow the year, an et-al. flag the name list it belongs to
_NOT_TAKEN = {"years", *OTHERS_FLAG.values()}


def _take_xdata(refs: list[Reference], xdata: Mapping[str, Reference]) -> list[Reference]:
    """Fill the fields an entry lacks from the @xdata blocks its ``xdata`` names (biblatex), for
    checking only; the file's text is not touched. An ``xdata`` that names no block is left."""
    if not xdata:
        return refs
    out: list[Reference] = []
    for ref in refs:
        raw = ref.source.fields.get("xdata") if ref.source and not ref.error else None
        inner = (_value_as_text(raw) or raw) if raw else None
        update: dict[str, object] = {}
        for name in (k.strip().lower() for k in (inner or "").split(",") if k.strip()):
            block = xdata.get(name)
            if block is None:
                continue
            for field in Fields.model_fields:
                theirs = getattr(block.fields, field)
                if field in _NOT_TAKEN or not theirs or getattr(ref.fields, field) or field in update:
                    continue
                update[field] = theirs
                if field in OTHERS_FLAG:  # a name list taken with its et al.
                    update[OTHERS_FLAG[field]] = block.fields.incomplete(field)
        if update.get("year"):
            update["years"] = [update["year"]]
        out.append(ref.model_copy(update={"fields": ref.fields.model_copy(update=update)})
                   if update else ref)
    return out


_MAX_CROSSREF_DEPTH = 16  # a chain longer than any real one (and a file built to be deep) is cut


def _inherit(refs: list[Reference]) -> list[Reference]:
    """Fill fields an entry takes from its ``crossref`` parent (BibTeX's rule), for checking only.

    The parent's title becomes the child's booktitle; other fields the child
    lacks are taken under the same name. A parent that has a crossref itself
    gives what it inherits too (biber follows such chains; a loop is cut). A
    crossref naming no entry of the file is warned about in the entry's notice,
    as BibTeX warns ("a bad cross reference"). What is written back is the
    child's own text: nothing is copied into the file.
    """
    by_key = {r.key.lower(): r for r in refs}

    def parent_key(ref: Reference) -> str | None:
        raw_key = ref.source.fields.get("crossref") if ref.source else None
        written = (_value_as_text(raw_key) or raw_key) if raw_key else None
        return _latex_to_text(written) if written else None

    def resolved(ref: Reference, seen: frozenset[str]) -> Reference:
        named = parent_key(ref)
        parent = by_key.get(named.lower()) if named else None
        if named and parent is None and not ref.error:
            said = (f"crossref names {named!r}, which no entry of the file has (BibTeX warns of a bad "
                    "cross reference; nothing is inherited)")
            out = ref.model_copy(update={"notice": f"{ref.notice}; {said}" if ref.notice
                                         else f"line {ref.line}: {said}"})
        elif parent is None or parent is ref or ref.error or parent.key.lower() in seen \
                or len(seen) >= _MAX_CROSSREF_DEPTH:
            out = ref
        else:
            parent = resolved(parent, seen | {ref.key.lower()})
            contained = ref.type in ("incollection", "inproceedings", "inbook")
            update: dict[str, object] = {}
            for name in Fields.model_fields:
                theirs = getattr(parent.fields, name)
                if name in _NOT_TAKEN or name == "note" or not theirs or getattr(ref.fields, name):
                    continue
                if name == "title" and contained:
                    continue
                update[name] = theirs
                if name in OTHERS_FLAG:  # a name list taken with its et al.
                    update[OTHERS_FLAG[name]] = parent.fields.incomplete(name)
            if contained and parent.fields.title and not ref.fields.booktitle:
                update["booktitle"] = parent.fields.title
            if update.get("year"):
                update["years"] = [update["year"]]
            out = ref.model_copy(update={"fields": ref.fields.model_copy(update=update)})
        return out

    return [resolved(ref, frozenset()) for ref in refs]


# --------------------------------------------------------------------------- writing values

_SPECIAL = {"&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "\\": "\\textbackslash{}"}
_ACCENTS = {  # combining mark -> LaTeX accent command, for letters latexcodec has no entry for
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0327": "c",
    "\u0328": "k", "\u0323": "d", "\u0331": "b",
}


# text-mode commands (LaTeX's textcomp, in the kernel since 2020) for symbols latexcodec
# encodes only as math; each is used only when it reads back as the same character
_TEXT_SYMBOLS = {"°": "textdegree", "™": "texttrademark", "²": "texttwosuperior",
                 "³": "textthreesuperior", "¹": "textonesuperior", "±": "textpm",
                 "·": "textperiodcentered", "•": "textbullet", "€": "texteuro",
                 "½": "textonehalf", "¼": "textonequarter", "¾": "textthreequarters",
                 "‰": "textperthousand"}
# textcomp commands (in the LaTeX kernel since 2020) that latexcodec does not decode
_TEXTCOMP_IN = {"texteuro": "€", "euro": "€", "texttimes": "×", "textdiv": "÷",
                "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾",
                "textperthousand": "‰", "textmu": "µ", "textminus": "−"}
_TEXTCOMP_RE = re.compile(r"\\(%s)(?:\{\}|\s+|(?![A-Za-z]))" % "|".join(_TEXTCOMP_IN))


# TeX's input for these is the ASCII character, which it prints as the curly one; reading
# the .bib back gives the ASCII character (the only escapes that do not read back exactly)
_TEX_QUOTES = {"’": "'", "‘": "`"}


def _decodes_to(latex: str, char: str) -> bool:
    """Whether *latex* reads back as *char* reads itself (``~`` and a no-break space both
    read as a space between words)."""
    try:
        decoded = _latex_to_text(latex)
        in_words = _latex_to_text(f"a{latex}b")
    except Exception:
        return False
    return (decoded == char or decoded == _TEX_QUOTES.get(char)
            or in_words == _latex_to_text(f"a{char}b")
            # Greek mu is written $\\mu$, which reads back as the micro sign
            or unicodedata.normalize("NFKC", decoded) == unicodedata.normalize("NFKC", char))


@functools.lru_cache(maxsize=4096)
def _escape(char: str) -> str | None:
    """One non-ASCII character as LaTeX that reads back as the same character, or None."""
    candidates: list[str] = []
    try:
        latex = str(codecs.encode(char, "ulatex+ascii"))
    except UnicodeEncodeError:
        latex = ""
    if latex and not latex.startswith("$"):
        # a control word or accent is braced, so it neither swallows the space after it
        # nor is split by BibTeX's case changes: {\'e}, {\L}, {\ss}, {\c c}
        candidates.append("{%s}" % latex if latex.startswith("\\") else latex)
    if char in _TEXT_SYMBOLS:  # latexcodec writes these in math ($^\\circ$): the text command
        candidates.append("{\\%s}" % _TEXT_SYMBOLS[char])
    if latex.startswith("$"):  # Greek and math symbols: {$\\alpha$}, {$\\times$}, braced so
        candidates.append("{%s}" % latex)  # a style's case change leaves $\\Omega$ alone
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and all(c in _ACCENTS for c in decomposed[1:]):
        inner = _escape(decomposed[0]) if not decomposed[0].isascii() else decomposed[0]
        if inner:
            for mark in decomposed[1:]:
                cmd = _ACCENTS[mark]
                inner = f"\\{cmd}{{{inner}}}" if cmd.isalpha() else f"\\{cmd}{inner}"
            candidates.append("{%s}" % inner)
    return next((c for c in candidates if _decodes_to(c, char)), None)


# two Greek letters in a row: a Greek word, whose letters are not written as math symbols
_GREEK_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]{2}")


def encode_value(text: str, *, ascii: bool = False, protect_case: bool = False,
                 unescaped: set[str] | None = None) -> str:
    """Unicode text -> the inside of a BibTeX value (without the outer braces).

    BibTeX's special characters are escaped (``\\&``, ``\\%``, ``\\{`` …); in
    UTF-8 mode every other character is written as it is. With *ascii*, a
    non-ASCII character becomes a LaTeX escape that reads back as the same
    character; one that has none is written as it is and added to
    *unescaped*. *protect_case* braces words with capitals after their first
    letter (``{HTML}``, ``{iPhone}``) so styles that lower-case titles keep them.
    """
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", text))
    marks = _markup_braces(tokens)
    out: list[str] = []
    for tok, keep in zip(tokens, marks):
        if keep is not None:  # a brace: LaTeX's (kept) or a literal one in the text (escaped)
            out.append(tok if keep else "\\" + tok)
        elif re.fullmatch(r"\\[A-Za-z]+", tok):  # a LaTeX command the text still holds (\\TeX)
            out.append(tok)
        else:
            if ascii and _GREEK_WORD.search(tok):  # Greek text is no formula: never $\\mu$
                chunk = "".join(_encode_char(c, ascii, unescaped) if c.isascii() else
                                _encode_char(c, ascii, unescaped, math=False)
                                for c in tok)
            else:
                chunk = "".join(_encode_char(c, ascii, unescaped) for c in tok)
            if protect_case:
                chunk = re.sub(r"(?<![\\{\w])(\w*[^\W\d_]\w*?[A-Z][\w'’-]*)",
                               lambda m: "{%s}" % m.group(1) if re.search(r".[A-Z]", m.group(1))
                               else m.group(1), chunk)
            out.append(chunk)
    return "".join(out)


def _encode_char(char: str, ascii: bool, unescaped: set[str] | None, *, math: bool = True) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isascii() or not ascii:
        return char
    if (latex := _escape(char)) is not None and (math or not latex.startswith("{$")):
        return latex
    if unescaped is not None:
        unescaped.add(char)
    return char


def _corporate_braced(name: str) -> str:
    """'Sydney Harbour Trust' -> '{Sydney Harbour Trust}'.

    Names arrive as "Family, Given"; one with several words and no comma is a
    corporate name kept whole (Name(family="World Health Organization")).
    BibTeX would read it as given names plus a family name ("Trust, Sydney
    Harbour"), so it is braced. A lower-case first word is a von-part
    ("van Dijk"), which BibTeX splits correctly.
    """
    words = name.split()
    if len(words) < 2 or "," in name or name.startswith("{") or words[0][:1].islower():
        return name
    return "{" + name + "}"


def encode_field(name: str, value: str | list[str], *, ascii: bool = False,
                 unescaped: set[str] | None = None) -> str:
    """One field's value as it is written in the .bib, outer braces included."""
    if isinstance(value, list):
        if name in PEOPLE:
            text = " and ".join(_encode_name(v, ascii=ascii, unescaped=unescaped) for v in value)
        else:
            text = encode_value(", ".join(value), ascii=ascii, unescaped=unescaped)
    elif name in VERBATIM:
        # a URL or DOI stays byte for byte; only braces would break the value
        text = value.replace("{", "%7B").replace("}", "%7D") if name == "url" else value
        text = text if _balanced(text) else text.replace("{", "").replace("}", "")
    else:
        text = encode_value(value, ascii=ascii, protect_case=name in TITLES, unescaped=unescaped)
    return "{" + text + "}"


def _encode_name(name: str, *, ascii: bool, unescaped: set[str] | None) -> str:
    """One name of a name list as written in the .bib. A brace group of the name's text form
    (``{Barnes and Noble, Inc.}``, ``{van der Berg}, J.``: Name braces a part BibTeX must not
    split) is written as a group, so that BibTeX reads the same parts back."""
    if _braced_whole(name):
        return "{" + encode_value(name[1:-1], ascii=ascii, unescaped=unescaped) + "}"
    if "{" in name and _balanced(name):
        return "".join("{" + encode_value(p[1:-1], ascii=ascii, unescaped=unescaped) + "}"
                       if p.startswith("{") else encode_value(p, ascii=ascii, unescaped=unescaped)
                       for p in re.split(r"(\{[^{}]*\})", name) if p)
    return _corporate_braced(encode_value(name, ascii=ascii, unescaped=unescaped))


def _braced_whole(name: str) -> bool:
    """'{Barnes and Noble, Inc.}': one brace group around the whole name (Name's form for it)."""
    return len(name) >= 2 and name[0] == "{" and name[-1] == "}" and _balanced(name[1:-1])


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}"
        if depth < 0:
            return False
    return depth == 0


# --------------------------------------------------------------------------- writing entries

def format_entry(key: str, entry_type: str, fields: Mapping[str, str | list[str]], *,
                 ascii: bool = False, unescaped: set[str] | None = None) -> str:
    """One whole entry, ``@type{key,`` then one ``name = {value},`` line per field."""
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields.items():
        if value in (None, "", []):
            continue
        lines.append(f"  {name} = {encode_field(name, value, ascii=ascii, unescaped=unescaped)},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_bib(items: Iterable[tuple[str, str, Mapping[str, str | list[str]]]], *,
              ascii: bool = False, unescaped: set[str] | None = None) -> str:
    """(key, type, bibtex fields) triples -> BibTeX text, entries separated by a blank line."""
    return "\n".join(format_entry(k, t, f, ascii=ascii, unescaped=unescaped) for k, t, f in items)


def references_to_bib(refs: Sequence[Reference], *, ascii: bool = False) -> str:
    """Write parsed References as BibTeX (keys must already be assigned)."""
    return write_bib(((r.key, r.type, export_fields(r.fields, r.type)) for r in refs), ascii=ascii)


_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/((?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)",
                    re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def export_fields(fields: Fields, entry_type: EntryType | None = None) -> BibFields:
    """Fields -> what goes into the .bib, under the names BibTeX/biblatex use for *entry_type*.

    A thesis's publishing body is its ``school``, a report's its
    ``institution``; a web page's or @misc's site is ``howpublished``; an arXiv
    URL or DOI gives ``eprint`` and ``eprinttype``. Several years (a reprint)
    are noted in ``note``. Without *entry_type* the fields are given under
    their own names, nothing derived (what an entry read from a .bib says).
    """
    out = fields.bibtex()
    if len(fields.years) > 1:
        out["note"] = "; ".join(filter(None, [str(out.get("note") or ""), "Years: " + ", ".join(fields.years)]))
    if entry_type is None:
        return out
    body = {"phdthesis": "school", "mastersthesis": "school", "techreport": "institution"}.get(
        entry_type or "")
    if body and out.get("publisher") and not out.get(body):
        out[body] = out.pop("publisher")
    if entry_type in ("online", "misc") and out.get("journal") and not out.get("howpublished"):
        out["howpublished"] = out.pop("journal")
    if not out.get("eprint"):
        m = _ARXIV.search(str(out.get("url") or "")) or _ARXIV_DOI.match(str(out.get("doi") or ""))
        if m:
            out["eprint"] = m.group(1)
            out["eprinttype"] = "arxiv"
    return out


def bib_fields(ref: Reference, fields: Fields | None = None) -> BibFields:
    """What *ref* (or these *fields* of it) says as BibTeX fields.

    An entry read from a .bib keeps its own field names; a document's parsed
    entry gets the names its type uses (``export_fields``).
    """
    return export_fields(fields or ref.fields, None if ref.source is not None else ref.type)


# what a reference manager's .bib holds beyond the fields citecheck checks, and CSL-JSON and
# RIS have a place for; carried into them from the entry's own text
CARRIED = ("abstract", "keywords", "issn", "language", "date", "version", "chapter", "pubstate")


def carried_fields(ref: Reference) -> dict[str, str]:
    """The ``CARRIED`` fields an entry of a .bib writes as one ``{…}``/``"…"``/number value, as text.

    A value built of macros or ``#`` joins is left out (its text is not the
    file's to guess); LaTeX is decoded as for the other fields.
    """
    if ref.source is None:
        return {}
    out: dict[str, str] = {}
    for name in CARRIED:
        raw = ref.source.fields.get(name)
        if not raw:
            continue
        inner = _value_as_text(raw) if not raw.isdigit() else raw
        if inner is None:
            continue
        text = inner if name in ("issn", "date") else _latex_to_text(inner)
        if text.strip():
            out[name] = text.strip()
    return out


def _value_as_text(raw: str) -> str | None:
    """A value written as one {…} or "…" part -> its inside; None for macros and # joins."""
    if len(raw) >= 2 and ((raw[0], raw[-1]) in (("{", "}"), ('"', '"'))):
        inner = raw[1:-1]
        if raw[0] == "{" and not _balanced(inner):
            return None
        return inner
    return None


def key_aliases(ref: Reference) -> list[str]:
    """The other keys an entry answers to: biblatex's ``ids = {old1, old2}`` (biber resolves a
    citation of any of them to the entry; BibTeX knows no such field)."""
    raw = ref.source.fields.get("ids") if ref.source is not None and not ref.error else None
    inner = (_value_as_text(raw) if raw else None) or ""
    return [k.strip() for k in inner.split(",") if k.strip()]


def apply_field_changes(ref: Reference, changes: Mapping[str, str | list[str] | None], *,
                        ascii: bool = False, unescaped: set[str] | None = None) -> str:
    """The entry's text with these field changes, every other byte as written.

    *changes* maps a BibTeX field name to its new value as text (Unicode;
    author/editor/translator as lists of 'Family, Given'), or None to remove
    it. A value that extends the current one (a note with a sentence added)
    keeps the current text as written and adds the rest. An entry with no
    source text (parsed from a document) is written whole with the changes
    applied. Raises ValueError for an entry that cannot be edited (an entry
    that could not be read: it is kept as it was).
    """
    if ref.source is None:
        fields = bib_fields(ref)
        for name, value in changes.items():
            if value is None:
                fields.pop(name, None)
            else:
                fields[name] = value
        return format_entry(ref.key, ref.type, fields, ascii=ascii, unescaped=unescaped)
    if ref.error or not ref.source.editable:
        raise ValueError(f"{ref.key}: the entry could not be read, so it is kept as written")
    current = bib_fields(ref)
    written: dict[str, str | None] = {}
    for name, value in changes.items():
        if value is None:
            written[name] = None
            continue
        raw = ref.source.fields.get(name.lower())
        old = current.get(name.lower())
        inner = _value_as_text(raw) if raw else None
        if (isinstance(value, str) and isinstance(old, str) and inner is not None
                and value.startswith(old) and len(value) > len(old)):
            suffix = encode_value(value[len(old):], ascii=ascii, unescaped=unescaped)
            written[name] = "{" + inner + suffix + "}"
        else:
            written[name] = encode_field(name.lower(), value, ascii=ascii, unescaped=unescaped)
    return edit_entry(ref.raw, written)


def field_changes(ref: Reference, fields: Mapping[str, str | list[str]]) -> dict[str, str | list[str]]:
    """The fields of *fields* whose value differs from what *ref* already says (additions included)."""
    current = bib_fields(ref)
    return {k: v for k, v in fields.items() if v not in (None, "", []) and current.get(k) != v}


def write_bibliography(
    refs: Sequence[Reference], fields: Sequence[Mapping[str, str | list[str]]] | None = None, *,
    source_text: str | None = None, ascii: bool = False,
) -> tuple[str, list[str]]:
    """The bibliography as .bib text, and the characters --ascii found no LaTeX escape for.

    *fields* (one mapping per reference, BibTeX names, Unicode values) is what
    each entry should say; None means "as read". With *source_text* (the .bib
    the references were read from) the result is that text with only the
    entries whose fields changed rewritten, and within them only the changed
    fields; an entry that could not be read is always kept as written.
    Without it (a document's references) every entry is written whole.
    """
    unescaped: set[str] = set()
    wanted = list(fields) if fields is not None else [None] * len(refs)
    if source_text is None:
        items = [(r.key, r.type, dict(f) if f is not None else export_fields(r.fields, r.type))
                 for r, f in zip(refs, wanted)]
        return write_bib(items, ascii=ascii, unescaped=unescaped), sorted(unescaped)
    replacements: list[tuple[int, int, str]] = []
    appended: list[str] = []
    for ref, want in zip(refs, wanted):
        if want is None:
            continue
        if ref.source is None:  # an entry that is not in the file: added at its end
            appended.append(format_entry(ref.key, ref.type, want, ascii=ascii, unescaped=unescaped))
            continue
        changes = field_changes(ref, want)
        if not changes or ref.error or not ref.source.editable:
            continue
        replacements.append((ref.source.start, ref.source.end,
                             apply_field_changes(ref, changes, ascii=ascii, unescaped=unescaped)))
    text = splice(source_text, replacements)
    if appended:
        text = text.rstrip("\r\n") + "\n\n" + "\n".join(appended)
    return text, sorted(unescaped)


def write_with_changes(
    refs: Sequence[Reference], changes: Mapping[str, Mapping[str, str | list[str] | None]], *,
    source_text: str | None = None, ascii: bool = False,
) -> tuple[str, list[str]]:
    """The bibliography with ``changes[key] = {field: new value or None}`` applied to those entries.

    The corrections' entry point: every entry not named, and every field not
    named, is written as it was (byte for byte for a .bib input). An entry
    that could not be read is kept as written even if named (its changes
    are not applied: check ``Reference.error`` before offering them).
    """
    unescaped: set[str] = set()
    by_key = {key.lower(): c for key, c in changes.items() if c}
    if source_text is None:
        parts = []
        for ref in refs:
            wanted = by_key.get(ref.key.lower())
            parts.append(apply_field_changes(ref, wanted, ascii=ascii, unescaped=unescaped) if wanted
                         else format_entry(ref.key, ref.type, bib_fields(ref), ascii=ascii,
                                           unescaped=unescaped))
        return "\n".join(parts), sorted(unescaped)
    replacements = []
    for ref in refs:
        wanted = by_key.get(ref.key.lower())
        if not wanted or ref.source is None or ref.error or not ref.source.editable:
            continue
        replacements.append((ref.source.start, ref.source.end,
                             apply_field_changes(ref, wanted, ascii=ascii, unescaped=unescaped)))
    return splice(source_text, replacements), sorted(unescaped)


def ascii_kept_notice(text: str) -> str | None:
    """What --ascii on a .bib left alone: entries nothing changed in are written as they were.

    None when the output is all ASCII; otherwise one sentence naming how many
    lines keep other characters and the first of them, so that a user who asked
    for ASCII is not left to find them.
    """
    lines = [n for n, line in enumerate(text.splitlines(), 1) if not line.isascii()]
    if not lines:
        return None
    return (f"--ascii: entries of a .bib are rewritten only where a field changed; "
            f"{len(lines)} line(s) of the output keep non-ASCII characters as they were "
            f"(first: line {lines[0]})")


NAMED_UNESCAPED = 12  # more characters than this are counted by script, a few shown


def describe_unescaped(chars: Sequence[str]) -> str:
    """'Ж (U+0416), 中 (U+4E2D)' — for the message --ascii gives; many (a CJK bibliography)
    counted by script: '82 characters (CJK 58, HANGUL 22, …), e.g. 中 (U+4E2D), …'."""
    named = [f"{c} (U+{ord(c):04X})" for c in chars]
    if len(chars) <= NAMED_UNESCAPED:
        return ", ".join(named)
    import unicodedata
    from collections import Counter

    scripts = Counter(unicodedata.name(c, "OTHER").split()[0] for c in chars)
    counts = ", ".join(f"{script} {n}" for script, n in scripts.most_common())
    return f"{len(chars)} characters ({counts}), e.g. {', '.join(named[:5])}, …"


def encode_bib(text: str, encoding: str | None,
               legacy_lines: Sequence[tuple[str, int]] = ()) -> tuple[bytes, str | None]:
    """A .bib's text as bytes in the encoding the file was read in, and what to tell the user.

    A .bib written back is the file read, byte for byte: a Latin-1 or cp1252
    file stays in its 8-bit encoding (an old BibTeX reads nothing else, and
    ``\\usepackage[latin1]{inputenc}`` expects it). A character a changed field
    brought that the encoding lacks is written as a LaTeX escape that reads back
    as the same letter (``{\\v{s}}``); when one has none, the whole file is
    written as UTF-8 and the message says so. UTF-16 is written in its byte order
    with its byte-order mark; UTF-8 (and anything else) as UTF-8. *legacy_lines*
    (``Document.legacy_lines``: the 8-bit lines of a UTF-8 file, each with its occurrence among
    the lines of the same text) are written back in their 8-bit encoding where they are still as
    read; a UTF-8 line that reads the same stays UTF-8.
    """
    name = (encoding or "").replace("_", "-").lower()
    if name in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if name == "utf-16-le" else codecs.BOM_UTF16_BE
        return bom + text.encode(name), None
    if not encoding or name in ("utf-8", "utf8", "utf-16"):
        if legacy_lines:
            kept = {(line, k) for line, k in legacy_lines}
            seen: dict[str, int] = {}
            out: list[bytes] = []
            for line in re.findall(r"[^\r\n]*(?:\r\n|\r|\n)?", text):
                k = seen[line] = seen.get(line, -1) + 1
                out.append(_encode_8bit(line) if (line, k) in kept else line.encode("utf-8"))
            return b"".join(out), None
        return text.encode("utf-8"), None
    missing: list[str] = []

    def escaped(char: str) -> str:
        latex = _escape(char)
        if latex is None:
            missing.append(char)
            return char
        return latex

    written = "".join(c if _encodable(c, encoding) else escaped(c) for c in text) \
        if not _encodable(text, encoding) else text
    if missing:
        return text.encode("utf-8"), (
            f"the input is {encoding}, which has no {describe_unescaped(sorted(set(missing)))} and "
            "no LaTeX escape exists for it: the output is written as UTF-8")
    return written.encode(encoding), None


def _encode_8bit(line: str) -> bytes:
    """A line read as cp1252 (or Latin-1, for the bytes cp1252 leaves undefined) as its bytes."""
    try:
        return line.encode("cp1252")
    except UnicodeEncodeError:
        return line.encode("latin-1")


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
