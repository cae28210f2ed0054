"""citecheck's exceptions: what can go wrong, as one tree the command line turns into exit codes.

::

    CitecheckError                 anything citecheck reports to the user in one line
     ├── InputError                the file given cannot be read as a document (exit 2)
     │    └── NoBibliographyError  the document has no bibliography we can find
     │    └── TooLarge             the input passes a size or shape limit (see limits.py)
     ├── OutputError               an output cannot be written: bad path, full disk, closed stdout (exit 2)
     ├── ConfigError               a bad setting in a flag, variable or config file (exit 2)
     └── NetError                  a request failed; raised by net.py only
          ├── OfflineError         --offline and the answer is not cached
          ├── DNSError             the host name does not resolve
          ├── ConnectError         refused / unreachable
          │    └── NameLookupFailed  the name could not be resolved for now (not "no such name")
          ├── TLSError             certificate or handshake failure
          ├── TimeoutError_        connect/read/total timeout
          ├── TooManyRedirects     redirect limit passed
          ├── NonWebRedirect       a redirect to file:, ftp:, javascript: … (not followed)
          ├── RateLimitedError     the host asks to wait longer than the request may
          └── BodyTooLarge         the body passed the byte cap

Other modules never import httpx exceptions: net.py translates them.
Only cli.py decides what is fatal.
"""

from __future__ import annotations


class CitecheckError(Exception):
    """Base class: str(exc) is the one-line message shown to the user."""


class InputError(CitecheckError):
    pass


class NoBibliographyError(InputError):
    pass


class TooLarge(InputError):
    pass


class OutputError(CitecheckError):
    pass


class ConfigError(CitecheckError):
    pass


class ServiceUnavailable(CitecheckError):
    """Something a check needs is away for now (a shared service's server): try again later."""


class NetError(CitecheckError):
    # set when the failure came at the end of a redirect chain: the URLs that
    # redirected, and the one that failed
    redirects: tuple[str, ...] = ()
    final_url: str | None = None

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class OfflineError(NetError):
    pass


class DNSError(NetError):
    pass


class ConnectError(NetError):
    pass


class NameLookupFailed(ConnectError):
    """The host name could not be resolved *for now* (EAI_AGAIN: the resolver did not answer,
    or answered SERVFAIL): a failure of the moment, not evidence the name is gone (that is
    :class:`DNSError`)."""


class ProtocolError(ConnectError):
    """The server answered, but not in HTTP the parser could read (no status line, a broken
    header block, a body longer than its Content-Length in the same packet ...)."""


class TLSError(NetError):
    pass


class TimeoutError_(NetError):
    pass


class TooManyRedirects(NetError):
    pass


class BodyTooLarge(NetError):
    pass


class NonWebRedirect(NetError):
    """A redirect whose Location is not http(s), or no address a request can go to: the cited
    URL answered, pointing elsewhere."""

    def __init__(self, message: str, url: str | None = None, *, status: int = 0,
                 location: str = "") -> None:
        super().__init__(message, url)
        self.status = status
        self.location = location


class RateLimitedError(NetError):
    """The host's Retry-After block outlasts the request's deadline: not sent at all."""


class WaitBudgetSpent(RateLimitedError):
    """The host asks to wait (a Retry-After block) and the waiting this run allows for it
    (``max_host_wait``, ``max_run_wait``) is spent: not sent at all."""
