"""The one HTTP layer every network stage goes through (a package of small modules).

* :mod:`.layer` — :class:`HttpLayer`: dedup, cache, limits, retries, deadline, redirects
* :mod:`.transport` — httpx transports: httpx-aiohttp, proxies from the environment
* :mod:`.response` — :class:`Response`, what callers get back
* :mod:`.cache` — SQLite response cache
* :mod:`.limits` — rate limiters, Retry-After, backoff, DNS-failure memory, :class:`Budget`
* :mod:`.body` — capped, bounded-memory body reading
* :mod:`.translate` — httpx/OS exceptions -> ``citecheck.errors``
* :mod:`.reach` — is the network usable, per endpoint and from failures
"""

from .cache import CACHEABLE, ResponseCache, request_key
from .layer import (REDIRECT_STATUSES, RETRY_STATUSES, HttpLayer, is_loopback, origin_of,
                    parse_url)
from .limits import Budget, RateLimiter, parse_retry_after, rate_limit_hints
from .response import Response, charset_of
from .translate import translate

__all__ = [
    "CACHEABLE", "REDIRECT_STATUSES", "RETRY_STATUSES", "Budget", "HttpLayer", "RateLimiter",
    "Response", "ResponseCache", "charset_of", "is_loopback", "origin_of", "parse_retry_after", "parse_url",
    "rate_limit_hints", "request_key", "translate",
]
