"""The repository is all a user gets: no test, and no code a test runs, reads outside it.

Two guards. The static one is here: no source file of the package, the tests, the benches
or CI names the folder beside the checkout as a path. The
dynamic one is in ``conftest.py``: an audit hook (PEP 578) sees every
``open`` of the whole session, and the session fails if any opened path lies
in the checkout's parent folder but outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def test_no_source_names_the_folder_beside_the_checkout() -> None:
    pattern = re.compile(r"""(\.\./shared|parent\.parent\.parent|ROOT\.parent\s*/\s*['"]shared)""")
    offenders = []
    for folder in ("citecheck", "tests", "bench", ".ci"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".sh", ""} and path.is_file() and path != Path(__file__):
                text = path.read_text("utf-8", errors="replace")
                if pattern.search(text):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
