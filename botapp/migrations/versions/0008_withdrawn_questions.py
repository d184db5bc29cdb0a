"""queued questions withdrawn because their subject changed: one status, "withdrawn"

Withdrawing a waiting question about an appointment wrote "withdrawn"; about a placement (a
job the client said they had lost) it wrote "cancelled". Both now write "withdrawn"
(`ConversationStatus.WITHDRAWN`), and the rows written before are rewritten to match.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Only the placement follow-up ever wrote "cancelled" on a conversation.
PLACEMENT_FLOW = "placement_followup"


def upgrade() -> None:
    op.execute("UPDATE conversations SET status = 'withdrawn' WHERE status = 'cancelled'")


def downgrade() -> None:
    op.execute(
        "UPDATE conversations SET status = 'cancelled'"
        f" WHERE status = 'withdrawn' AND flow = '{PLACEMENT_FLOW}'"
    )
