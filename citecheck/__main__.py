"""`python -m citecheck` and the `citecheck` script: run the command line.

Ctrl-C is taken from the first moment: the command line's modules take a few
tenths of a second to import, and an interrupt then ends like any other, with
one line and exit 130 (:func:`citecheck.cli.run` takes over once imported).
"""

import os
import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    try:
        sys.stderr.write("citecheck: interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(130)


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    from .cli import run

    run()


if __name__ == "__main__":
    main()
