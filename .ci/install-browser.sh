#!/bin/sh
# Install headless Chromium and its WebDriver (Debian packages) for the browser test
# (tests/test_html_browser.py). Idempotent and quiet; always exits 0, because the
# test skips with a clear reason where Chromium is missing, and that must not fail CI.
set -u

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; the browser test will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "install-browser: not root and no passwordless sudo; the browser test will be skipped" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && \
       $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver; } \
       >/tmp/citecheck-install-browser.log 2>&1; then
    echo "install-browser: apt-get failed (see /tmp/citecheck-install-browser.log);" \
         "the browser test will be skipped" >&2
fi
exit 0
