"""citecheck: bibliography and citation verification.

Read a document, repair its text, find and parse its bibliography and
footnotes, check its links and resolve its references against public
catalogues, and report what is wrong with evidence.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
