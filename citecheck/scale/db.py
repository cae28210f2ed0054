"""The PostgreSQL schema of the scaled-out mode, managed by Alembic migrations.

``upgrade(url)`` brings a database to the latest revision (idempotent, safe
to run from every process at start: a PostgreSQL advisory lock serialises
concurrent upgrades). The revisions live in ``migrations/versions``; the
task queue's own tables are created by a revision that applies
procrastinate's published schema.
"""

from __future__ import annotations

from importlib.resources import files

from ..errors import ConfigError

# any key: two processes starting at once take turns to upgrade
_LOCK_KEY = 0x63697465  # 'cite'


def sqlalchemy_url(url: str) -> str:
    """postgresql://… as SQLAlchemy names the psycopg 3 driver."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    raise ConfigError(f"not a PostgreSQL URL: {url!r} (expected postgresql://HOST/DB)")


def conninfo(url: str) -> str:
    """The URL as psycopg takes it (no SQLAlchemy driver suffix)."""
    return "postgresql://" + sqlalchemy_url(url).removeprefix("postgresql+psycopg://")


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files(__package__).joinpath("migrations")))
    cfg.set_main_option("sqlalchemy.url", sqlalchemy_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every migration up to *revision*; a no-op when the database is current."""
    import logging

    # alembic logs each of its plugins at INFO as it loads them: noise in a worker's log
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    import sqlalchemy as sa
    from alembic import command

    engine = sa.create_engine(sqlalchemy_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
            try:
                cfg = alembic_config(url)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
    except sa.exc.OperationalError as exc:
        raise ConfigError(f"cannot reach the database {url!r}: {exc.orig}") from None
    finally:
        engine.dispose()
