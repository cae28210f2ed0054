"""Which fields an entry's type needs, and which of them it lacks.  [pure]

The requirements follow the BibTeX/biblatex data model (biblatex manual,
section 2.1 "Entry Types"), with the fields editors actually check: an
article needs author, title, journal, year, volume and pages; a book needs an
author or editor, title, publisher, place and year; and so on. ``a|b`` means
either field will do.
"""

from __future__ import annotations

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
