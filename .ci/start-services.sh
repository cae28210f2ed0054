#!/bin/sh
# Start the PostgreSQL and Redis servers the scaled-out tests use, where they are installed
# but not running (the project's machines start both before a session; this covers a
# machine where one stopped). Idempotent and quiet; always exits 0: the tests say clearly
# which server is missing, and with CITECHECK_REQUIRE_SERVICES=1 (.ci/run) that fails them.
set -u

if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        for version in $(ls /etc/postgresql); do
            pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
        done
    fi
fi
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    if command -v redis-server >/dev/null 2>&1; then
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
            >/dev/null 2>&1 || true
    fi
fi
exit 0
