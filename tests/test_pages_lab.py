"""A slice of the soft-404 / parked-domain lab (bench/pages_lab.py) as a regression test:
a few sites of each class served on loopback and checked by the real link stage."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pages_lab", ROOT / "bench" / "pages_lab.py")
assert _spec is not None and _spec.loader is not None
lab = importlib.util.module_from_spec(_spec)
sys.modules["pages_lab"] = lab  # its dataclasses look their module up
_spec.loader.exec_module(lab)

SLICE = {
    "soft-404": ["de title", "ja heading", "search page", "302 search", "js home",
                 "search with suggestions",
                 "empty 200", "news removed, honest 404",
                 "headline kept, body removed", "200 error page, honest 404 elsewhere"],
    "parked": ["bodis", "dan.com", "iframe parking", "ads only", "pt for sale",
               "one sign, every path"],
    "genuine": ["Not Found: lost cities", "Not Found, no citation title",
                "Not Found: lost cities, short, subtitle cited", "template real page",
                "short brief, templated 404", "brief: service no longer available",
                "tiny brief, soft-404 template",
                "domain-sales article", "parking study, no title", "members-only site",
                "short abstract on domain parking", "bookshop: rare copy for sale",
                "estate agent's report, for-sale buttons", "script from a host ending in dan.com",
                "CMS serves articles at /index.php?alias=", "consent wall (/zustimmung)",
                "withdrawn paper, templated 404", "geo-blocked video, templated 404",
                "headline ends 'not found'", "headline 'video was removed'",
                "book 'Page Not Found', no citation title",
                "personal page, related links", "home-redirect site, real page",
                "home page cited by its language path", "pdf"],
}


def test_a_slice_of_the_lab_is_judged_right() -> None:
    by_name = {(s.kind, s.name): s for s in lab.SITES}
    sites = [by_name[(kind, name)] for kind, names in SLICE.items() for name in names]
    started = time.monotonic()
    outcomes = lab.run_lab(sites)
    assert time.monotonic() - started < 10
    wrong = [(o.site.kind, o.site.name, o.status, o.evidence) for o in outcomes if not o.right]
    assert not wrong, wrong
