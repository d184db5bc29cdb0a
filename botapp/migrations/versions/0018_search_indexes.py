"""indexes for the staff pages: clients' names folded for the search, the unmatched inbox

clients.first_name_search and last_name_search hold the names in lower case without accents
(botapp.models.client.fold_name, kept by the model on every write), each indexed: the Clients
page finds "López" from "lopez" without reading all the clients, on both databases
(docs/decisions/0028-name-search-index.md). ix_messages_unmatched holds only the inbox's texts
(inbound, from numbers no client nor staff member has, not dismissed), newest first, for the
/inbox page (decision 11's partial indexes).

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 21:30:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME_LENGTH = 100
BATCH = 5000  # clients read and rewritten at a time
UNMATCHED = (
    "direction = 'inbound' AND client_id IS NULL AND sent_by_id IS NULL"
    " AND status <> 'dismissed'"
)


def _fold(name: str) -> str:
    """botapp.models.client.fold_name as of this revision (a migration never imports the app)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())[:NAME_LENGTH]


def _backfill() -> None:
    """Fold every client's names, a batch of ids at a time."""
    conn = op.get_bind()
    clients = sa.table(
        "clients",
        sa.column("id", sa.Integer),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("first_name_search", sa.String),
        sa.column("last_name_search", sa.String),
    )
    write = (
        sa.update(clients)
        .where(clients.c.id == sa.bindparam("row_id"))
        .values(
            first_name_search=sa.bindparam("first"), last_name_search=sa.bindparam("last")
        )
    )
    after = 0
    while True:
        rows = conn.execute(
            sa.select(clients.c.id, clients.c.first_name, clients.c.last_name)
            .where(clients.c.id > after)
            .order_by(clients.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(
            write,
            [{"row_id": i, "first": _fold(first), "last": _fold(last)} for i, first, last in rows],
        )
        after = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_name_search", sa.String(NAME_LENGTH), nullable=True))
        batch_op.add_column(sa.Column("last_name_search", sa.String(NAME_LENGTH), nullable=True))
    _backfill()
    with op.batch_alter_table("clients", schema=None) as batch_op:
        for column in ("first_name_search", "last_name_search"):
            batch_op.alter_column(column, existing_type=sa.String(NAME_LENGTH), nullable=False)
            batch_op.create_index(f"ix_clients_{column}", [column], unique=False)
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_messages_unmatched",
            ["client_id", "created_at", "id"],
            unique=False,
            postgresql_where=sa.text(UNMATCHED),
            sqlite_where=sa.text(UNMATCHED),
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_unmatched")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        for column in ("first_name_search", "last_name_search"):
            batch_op.drop_index(f"ix_clients_{column}")
            batch_op.drop_column(column)
