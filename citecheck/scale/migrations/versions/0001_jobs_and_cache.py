"""Jobs (inputs, options, progress, results, leases) and the shared HTTP response cache."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citecheck_jobs",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False, unique=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("options", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("started_at", sa.Float),
        sa.Column("finished_at", sa.Float),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("progress", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("idempotency_key", sa.Text),
        sa.Column("fingerprint", sa.Text),
        sa.Column("worker", sa.Text),
        sa.Column("lease_until", sa.Float),
        sa.Column("input", sa.LargeBinary, nullable=False),
        sa.Column("result", sa.Text),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="state_known"),
    )
    op.create_index("citecheck_jobs_idem", "citecheck_jobs", ["owner", "idempotency_key"],
                    unique=True, postgresql_where=sa.text("idempotency_key IS NOT NULL"))
    op.create_index("citecheck_jobs_state", "citecheck_jobs", ["state", "created_at"])
    op.create_index("citecheck_jobs_owner", "citecheck_jobs", ["owner", "seq"])
    op.create_table(
        "citecheck_http_cache",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("service", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("truncated", sa.Boolean, nullable=False),
        sa.Column("history", sa.Text, nullable=False),
        sa.Column("stored_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("citecheck_http_cache")
    op.drop_table("citecheck_jobs")
