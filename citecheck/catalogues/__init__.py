"""Catalogue clients: look a Reference up in one public catalogue, return Candidate records.

Each client asks its catalogue through the shared HTTP layer (net.py);
scoring lives in citecheck.match, orchestration in citecheck.resolve.
"""

from ..models import Candidate
from .base import CatalogueUnavailable, Resolver

__all__ = ["Candidate", "CatalogueUnavailable", "Resolver"]
