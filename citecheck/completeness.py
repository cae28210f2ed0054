"""Which fields an entry's type needs, and which of them it lacks.  [pure]

The requirements follow the BibTeX/biblatex data model (biblatex manual,
section 2.1 "Entry Types"), with the fields editors actually check: an
article needs author, title, journal, year, volume and pages; a book needs an
author or editor, title, publisher, place and year; and so on. ``a|b`` means
either field will do.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import EntryType, Fields

REQUIRED: dict[EntryType, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year", "volume", "pages"),
    "book": ("author|editor", "title", "publisher", "address", "year"),
    "inbook": ("author|editor", "title", "publisher", "year", "pages"),
    "incollection": ("author", "title", "booktitle", "editor", "publisher", "year", "pages"),
    "inproceedings": ("author", "title", "booktitle", "year", "pages"),
    "phdthesis": ("author", "title", "publisher", "year"),
    "mastersthesis": ("author", "title", "publisher", "year"),
    "techreport": ("author", "title", "publisher", "year"),
    "online": ("author|editor", "title", "url", "year|urldate"),
    "misc": ("author|editor", "title", "year"),
}

# how a requirement is named in the report: publisher of a thesis is its school
_LABEL = {
    ("phdthesis", "publisher"): "school",
    ("mastersthesis", "publisher"): "school",
    ("techreport", "publisher"): "institution",
}


# BibTeX names the publishing body after the entry type (a thesis's school, a report's
# institution, a manual's organization): any of them is the publisher
_SAME_AS = {"publisher": ("publisher", "school", "institution", "organization"),
            # an article number (biblatex's eid: "e0234567") stands where the pages go
            "pages": ("pages", "eid")}


def missing_fields(entry_type: EntryType, fields: Fields) -> list[str]:
    """Required fields of *entry_type* that *fields* does not have, in a stable order."""
    present = fields.bibtex()
    missing: list[str] = []
    for requirement in REQUIRED[entry_type]:
        options = requirement.split("|")
        if not any(present.get(same) for name in options for same in _SAME_AS.get(name, (name,))):
            missing.append(_LABEL.get((entry_type, options[0]), requirement))
    return missing


# Fields that whole reference styles leave out: APA 7 and MLA 9 print no place of
# publication. A list that gives it for (nearly) none of its books follows such a style,
# and an entry of it is not incomplete for lacking it.
STYLE_OPTIONAL: dict[EntryType, tuple[str, ...]] = {"book": ("address",)}
STYLE_MIN_ENTRIES = 3  # fewer entries of a type tell nothing about the list's style
STYLE_SHARE = 0.2  # at most this share of them gives the field: the style leaves it out


def left_out_by_style(entries: Sequence[tuple[EntryType, Fields]]) -> dict[EntryType, set[str]]:
    """The style-optional fields a printed list leaves out for a type, from its entries.

    ``{"book": {"address"}}`` when at least three books are listed and at most a
    fifth of them give a place: the list's style (APA 7, MLA 9) omits places.
    """
    out: dict[EntryType, set[str]] = {}
    for entry_type, names in STYLE_OPTIONAL.items():
        of_type = [f.bibtex() for t, f in entries if t == entry_type]
        if len(of_type) < STYLE_MIN_ENTRIES:
            continue
        for name in names:
            given = sum(1 for present in of_type if present.get(name))
            if given <= STYLE_SHARE * len(of_type):
                out.setdefault(entry_type, set()).add(name)
    return out
