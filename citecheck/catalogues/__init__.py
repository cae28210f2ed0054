"""Catalogue clients: each takes a Reference, asks one public catalogue through
the shared HTTP layer (net.py) and returns Candidate records; scoring lives in
citecheck.match, orchestration in citecheck.resolve."""

from .base import Candidate, CatalogueUnavailable, Resolver

__all__ = ["Candidate", "CatalogueUnavailable", "Resolver"]
