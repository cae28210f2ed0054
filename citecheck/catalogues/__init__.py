"""Catalogue clients: each takes a Reference, asks one public catalogue through
the shared HTTP layer (net.py) and returns Candidate records; scoring lives in
citecheck.match, orchestration in citecheck.resolve."""

from ..models import Candidate
from .base import CatalogueUnavailable, Resolver

__all__ = ["Candidate", "CatalogueUnavailable", "Resolver"]
