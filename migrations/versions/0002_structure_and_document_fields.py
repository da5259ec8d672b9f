"""report document fields, versioned headings, archived and heading-only sections,
revocable sessions, token expiry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report') as batch:
        batch.add_column(sa.Column('issuer', sa.String(length=200), nullable=False, server_default=''))
        batch.add_column(sa.Column('issue_date', sa.Date(), nullable=True))
        batch.add_column(sa.Column('doc_number', sa.String(length=100), nullable=False, server_default=''))
        batch.add_column(sa.Column('addressee', sa.String(length=300), nullable=False, server_default=''))
        batch.add_column(sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('signed_off_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('previous_report_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_report_signed_off_by_id_user_account'), 'user_account', ['signed_off_by_id'], ['id'])
        batch.create_foreign_key(op.f('fk_report_previous_report_id_report'), 'report', ['previous_report_id'], ['id'])
    with op.batch_alter_table('section') as batch:
        batch.add_column(sa.Column('heading_only', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('revision') as batch:
        batch.add_column(sa.Column('heading', sa.Text(), nullable=True))
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('api_token') as batch:
        batch.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('api_token') as batch:
        batch.drop_column('expires_at')
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('session_generation')
        batch.drop_column('email')
    with op.batch_alter_table('revision') as batch:
        batch.drop_column('heading')
    with op.batch_alter_table('section') as batch:
        batch.drop_column('archived_at')
        batch.drop_column('heading_only')
    with op.batch_alter_table('report') as batch:
        batch.drop_constraint(op.f('fk_report_previous_report_id_report'), type_='foreignkey')
        batch.drop_constraint(op.f('fk_report_signed_off_by_id_user_account'), type_='foreignkey')
        for column in ('previous_report_id', 'signed_off_by_id', 'signed_off_at', 'addressee',
                       'doc_number', 'issue_date', 'issuer'):
            batch.drop_column(column)
