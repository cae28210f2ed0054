"""`python -m citecheck`: run the command line, as the `citecheck` script does."""

from .cli import run

run()
