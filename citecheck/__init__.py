"""citecheck: bibliography and citation verification.

Read a document, repair its text, find and parse its bibliography and
footnotes, check its links and resolve its references against public
catalogues, and report what is wrong with evidence.

The public API is below; names are imported on first use so that
``import citecheck`` (and the command line) start fast::

    import asyncio
    from citecheck import HttpLayer, RunOptions, check, document_from_bytes, load_settings

    async def main() -> None:
        settings = load_settings()
        async with HttpLayer(settings) as http:          # one layer, many runs
            doc = document_from_bytes(Path("paper.txt").read_bytes(), "paper.txt")
            result = await check(doc, RunOptions(offline=True), http=http)
            print(result.report.model_dump_json())

    asyncio.run(main())
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it. A name must not be a submodule's name
# ("repair", "locate", "render"): `from citecheck import repair` means the module.
_API = {
    "check": "pipeline",
    "check_sync": "pipeline",
    "RunOptions": "config",
    "Result": "models",
    "document_from_bytes": "ingest",
    "load_settings": "config",
    "load_config": "config",
    "Settings": "config",
    "read_document": "ingest",
    "parse_reference": "parse",
    "parse_references": "parse",
    "find_footnotes": "footnotes",
    "build_report": "pipeline",
    "read_bib": "bibtex",
    "references_to_bib": "bibtex",
    "HttpLayer": "net",
    "check_document_links": "links",
    "resolve_references": "resolve",
    "Report": "models",
    "Reference": "models",
    "Document": "models",
    "CitecheckError": "errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        value = getattr(import_module(f".{_API[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'citecheck' has no attribute {name!r}")
