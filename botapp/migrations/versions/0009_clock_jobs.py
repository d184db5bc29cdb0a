"""the clock's daily jobs in a table of their own: clock_jobs

The daily contact check kept its next run in a `sender_pacing` row under a name no sender can
have ("clock:contact-check"). Each daily job now has a `clock_jobs` row named after its
feature; the check's row moves there as "contact.daily", so an upgraded install keeps its day
(docs/decisions/0008-clock.md).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "clock:contact-check"
NEW = "contact.daily"


def upgrade() -> None:
    op.create_table(
        "clock_jobs",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_clock_jobs")),
    )
    op.execute(
        "INSERT INTO clock_jobs (name, next_run_at)"
        f" SELECT '{NEW}', next_slot_at FROM sender_pacing WHERE sender = '{OLD}'"
    )
    op.execute(f"DELETE FROM sender_pacing WHERE sender = '{OLD}'")


def downgrade() -> None:
    op.execute(
        "INSERT INTO sender_pacing (sender, next_slot_at)"
        f" SELECT '{OLD}', next_run_at FROM clock_jobs WHERE name = '{NEW}'"
    )
    op.drop_table("clock_jobs")
