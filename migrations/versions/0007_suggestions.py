"""suggestions: proposed replacements pinned to a revision (review page, tracked changes)

Revision ID: 0007
Revises: 0002
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('revision_number', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('original', sa.Text(), nullable=False),
    sa.Column('replacement', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('word_author', sa.String(length=200), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resulting_revision', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_suggestion_author_id_user_account')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_suggestion_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], name=op.f('fk_suggestion_section_id_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion'))
    )
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_section_id'), ['section_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestion_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_state'))
        batch_op.drop_index(batch_op.f('ix_suggestion_section_id'))
    op.drop_table('suggestion')
