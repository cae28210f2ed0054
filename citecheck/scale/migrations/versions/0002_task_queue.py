"""The task queue's tables: procrastinate's published schema, applied as one revision.

Upgrading procrastinate to a release with schema changes means adding a
revision that runs its published migration files, in order.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from procrastinate.schema import SchemaManager

    op.execute(SchemaManager.get_schema())


def downgrade() -> None:
    raise NotImplementedError("the task queue's tables are not removed by a downgrade; "
                              "drop them by hand if the queue is retired")
