"""The editor page of `citecheck serve` (HTML, JS, CSS served from the package)."""
