"""search index (PostgreSQL tsvector + GIN, SQLite FTS5), section claims, chases

Revision ID: 0008
Revises: 0002
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# SQLite: an external-content FTS5 table over search_entry.tokens, kept in step by triggers.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_entry', "
    "content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]
# PostgreSQL: a stored tsvector (ranking reads it instead of re-parsing every match) and its
# GIN index; names in webapp.models.search.
PG_TSVECTOR = [
    "ALTER TABLE search_entry ADD COLUMN document tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX ix_search_entry_tsvector ON search_entry USING gin (document)",
]


def upgrade():
    op.create_table('search_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('tokens', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_search_entry_report_id_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], name=op.f('fk_search_entry_section_id_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('section_id', name=op.f('uq_search_entry_section_id'))
    )
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entry_report_id'), ['report_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        for statement in PG_TSVECTOR:
            op.execute(statement)
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)

    op.create_table('chase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('chased_by_id', sa.Integer(), nullable=True),
    sa.Column('chased_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chased_by_id'], ['user_account.id'], name=op.f('fk_chase_chased_by_id_user_account')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_chase_department_id_department')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_chase_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chase'))
    )
    op.create_index('ix_chase_report_department', 'chase', ['report_id', 'department_id'], unique=False)

    # Plain ADD COLUMN (no batch copy of `section` on SQLite, whose DROP TABLE under
    # foreign_keys=ON would cascade into every revision).
    if op.get_bind().dialect.name == 'postgresql':
        op.add_column('section', sa.Column('claimed_by_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_section_claimed_by_id_user_account'), 'section', 'user_account', ['claimed_by_id'], ['id'])
    else:
        op.execute('ALTER TABLE section ADD COLUMN claimed_by_id INTEGER '
                   'CONSTRAINT fk_section_claimed_by_id_user_account REFERENCES user_account (id)')
    op.add_column('section', sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('section') as batch:
        if op.get_bind().dialect.name == 'postgresql':
            batch.drop_constraint(op.f('fk_section_claimed_by_id_user_account'), type_='foreignkey')
        batch.drop_column('claimed_at')
        batch.drop_column('claimed_by_id')
    op.drop_index('ix_chase_report_department', table_name='chase')
    op.drop_table('chase')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_search_entry_tsvector")
        op.execute("ALTER TABLE search_entry DROP COLUMN IF EXISTS document")
    else:
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entry_report_id'))
    op.drop_table('search_entry')
