"""Whether a DOI is registered at all: the doi.org handle API, for a cited DOI no catalogue knows.

``GET https://doi.org/api/handles/{doi}`` (the DOI proxy's REST API, documented in
the DOI Proxy factsheet, https://www.doi.org/factsheets/DOIProxy.html) answers 200
with ``responseCode: 1`` for a registered DOI, 404 with ``responseCode: 100``
("handle not found") for one that resolves nowhere. A
Crossref 404 alone proves nothing: DataCite, mEDRA and other agencies
register DOIs Crossref has no record of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pydantic import ValidationError

from ..errors import NetError
from ..text import clean_doi
from .base import CatalogueUnavailable, Payload, check_answer, shape_problem

if TYPE_CHECKING:
    from ..config import Settings
    from ..net import HttpLayer


class HandleAnswer(Payload):
    responseCode: Any = None  # 1: the handle exists; 100: no such handle


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
        body = resp.json()
    except NetError as exc:
        raise CatalogueUnavailable("doi.org: answer is not JSON", url=resp.url) from exc
    try:
        answer = HandleAnswer.model_validate(body)
    except ValidationError as exc:
        raise CatalogueUnavailable(f"doi.org: the answer is not in the documented shape "
                                   f"({shape_problem(exc)[:120]})", url=resp.url) from None
    return answer.responseCode == 1
