"""Whether a DOI is registered at all: the doi.org handle API, for a cited DOI no catalogue knows.

``GET https://doi.org/api/handles/{doi}`` (the DOI proxy's REST API, documented in
the DOI Proxy factsheet, https://www.doi.org/factsheets/DOIProxy.html) answers 200
with ``responseCode: 1`` for a registered DOI, 404 with ``responseCode: 100``
("handle not found") for one that resolves nowhere. A
Crossref 404 alone proves nothing: DataCite, mEDRA and other agencies
register DOIs Crossref has no record of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from ..text import clean_doi
from .base import CatalogueUnavailable, check_answer

if TYPE_CHECKING:
    from ..config import Settings
    from ..net import HttpLayer


async def doi_registered(http: HttpLayer, settings: Settings, doi: str) -> bool:
    """True if doi.org knows the DOI, False if it resolves nowhere; raises NetError else."""
    value = clean_doi(doi) or doi
    url = f"{settings.doi_url}/api/handles/{quote(value, safe='/:;()')}"
    resp = await http.fetch(url, service="doi")
    check_answer("doi.org", url, resp)
    if resp.status == 404:
        return False
    if resp.status != 200:
        raise CatalogueUnavailable(f"doi.org: HTTP {resp.status}", url=resp.url)
    try:
        code = resp.json().get("responseCode")
    except (ValueError, AttributeError) as exc:
        raise CatalogueUnavailable("doi.org: answer is not JSON", url=resp.url) from exc
    return code == 1
