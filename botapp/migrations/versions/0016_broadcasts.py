"""broadcasts: broadcasts, broadcast_recipients, broadcast_templates, client_tags; clients'
zip_code and county

A notice to a segment of clients in their languages, the replies it asks for, saved texts,
and the client fields a segment reads. See docs/decisions/0029-broadcasts.md.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("zip_code", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("county", sa.String(length=100), nullable=True))
    op.create_table(
        "client_tags",
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("clients.id", name=op.f("fk_client_tags_client_id_clients")),
            nullable=False,
        ),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "tag", name=op.f("pk_client_tags")),
    )
    op.create_index("ix_client_tags_tag_client_id", "client_tags", ["tag", "client_id"])
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
        sa.Column(
            "agency_id",
            sa.Integer(),
            sa.ForeignKey("agencies.id", name=op.f("fk_broadcasts_agency_id_agencies")),
            nullable=False,
        ),
        sa.Column(
            "office_id",
            sa.Integer(),
            sa.ForeignKey("offices.id", name=op.f("fk_broadcasts_office_id_offices")),
            nullable=True,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
        ),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("default_language", sa.String(length=10), nullable=False),
        sa.Column("segment", sa.JSON(), nullable=False),
        sa.Column("event_name", sa.String(length=200), nullable=True),
        sa.Column("event_place", sa.String(length=200), nullable=True),
        sa.Column("event_address", sa.String(length=300), nullable=True),
        sa.Column("event_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("event_timezone", sa.String(length=64), nullable=True),
        sa.Column("rsvp_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ask_rsvp", sa.Boolean(), nullable=False),
        sa.Column(
            "organiser_id",
            sa.Integer(),
            sa.ForeignKey("staff.id", name=op.f("fk_broadcasts_organiser_id_staff")),
            nullable=True,
        ),
        sa.Column(
            "created_by_id",
            sa.Integer(),
            sa.ForeignKey("staff.id", name=op.f("fk_broadcasts_created_by_id_staff")),
            nullable=True,
        ),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "cancelled_by_id",
            sa.Integer(),
            sa.ForeignKey("staff.id", name=op.f("fk_broadcasts_cancelled_by_id_staff")),
            nullable=True,
        ),
        sa.Column("recipient_count", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_broadcasts_agency_id", "broadcasts", ["agency_id"])
    op.create_index("ix_broadcasts_status", "broadcasts", ["status"])
    op.create_table(
        "broadcast_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_recipients")),
        sa.Column(
            "broadcast_id",
            sa.Integer(),
            sa.ForeignKey(
                "broadcasts.id", name=op.f("fk_broadcast_recipients_broadcast_id_broadcasts")
            ),
            nullable=False,
        ),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("clients.id", name=op.f("fk_broadcast_recipients_client_id_clients")),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column(
            "message_id",
            sa.Integer(),
            sa.ForeignKey("messages.id", name=op.f("fk_broadcast_recipients_message_id_messages")),
            nullable=True,
        ),
        sa.Column(
            "rsvp",
            sa.String(length=20),
            nullable=True,
        ),
        sa.Column("rsvp_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "rsvp_message_id",
            sa.Integer(),
            sa.ForeignKey(
                "messages.id", name=op.f("fk_broadcast_recipients_rsvp_message_id_messages")
            ),
            nullable=True,
        ),
        sa.Column("accommodation", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("broadcast_id", "client_id", name="uq_broadcast_recipients_client"),
    )
    op.create_index(
        "ix_broadcast_recipients_client_id_id", "broadcast_recipients", ["client_id", "id"]
    )
    op.create_table(
        "broadcast_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_templates")),
        sa.Column(
            "agency_id",
            sa.Integer(),
            sa.ForeignKey("agencies.id", name=op.f("fk_broadcast_templates_agency_id_agencies")),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column(
            "created_by_id",
            sa.Integer(),
            sa.ForeignKey("staff.id", name=op.f("fk_broadcast_templates_created_by_id_staff")),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("agency_id", "name", name="uq_broadcast_templates_name"),
    )


def downgrade() -> None:
    op.drop_table("broadcast_templates")
    op.drop_index("ix_broadcast_recipients_client_id_id", table_name="broadcast_recipients")
    op.drop_table("broadcast_recipients")
    op.drop_index("ix_broadcasts_status", table_name="broadcasts")
    op.drop_index("ix_broadcasts_agency_id", table_name="broadcasts")
    op.drop_table("broadcasts")
    op.drop_index("ix_client_tags_tag_client_id", table_name="client_tags")
    op.drop_table("client_tags")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("county")
        batch_op.drop_column("zip_code")
