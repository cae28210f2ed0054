"""Alembic environment for citecheck's PostgreSQL schema (online migrations only)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is not None:  # citecheck.scale.db.upgrade passes its locked connection
    context.configure(connection=connection, version_table="citecheck_alembic_version")
    with context.begin_transaction():
        context.run_migrations()
else:  # the alembic command line, with sqlalchemy.url set
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        context.configure(connection=conn, version_table="citecheck_alembic_version")
        with context.begin_transaction():
            context.run_migrations()
