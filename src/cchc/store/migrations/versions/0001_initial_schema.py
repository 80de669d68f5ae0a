"""Initial schema: organizations, users, plans with versions, tasks, milestones, progress, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Reference data as of this revision (a test checks it against cchc.domain.areas and ROLES).
REFORM_AREAS = {
    "the_che": "Cải cách thể chế",
    "tthc": "Cải cách thủ tục hành chính",
    "to_chuc": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "cong_vu": "Cải cách chế độ công vụ",
    "tai_chinh": "Cải cách tài chính công",
    "so": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    "chi_dao": "Công tác chỉ đạo, điều hành, tuyên truyền CCHC",
    "khac": "Khác",
}
ROLES = {
    "admin": "Quản trị hệ thống",
    "leader": "Lãnh đạo",
    "secretariat": "Thường trực CCHC",
    "unit_officer": "Cán bộ đơn vị",
    "reviewer": "Cấp trên theo dõi",
}
PLAN_CURRENT_VERSION_FK = "fk_plans_current_version_id_plan_versions"
APPEND_ONLY = "audit_log is append-only (nhật ký chỉ được ghi thêm)"


def upgrade() -> None:
    op.create_table('evidence_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('mime', sa.String(length=127), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files')),
    sa.UniqueConstraint('sha256', name=op.f('uq_evidence_files_sha256'))
    )
    op.create_table('org_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('merge', 'split', 'rename')", name=op.f('ck_org_events_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_events'))
    )
    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint("kind IN ('tinh', 'huyen', 'xa', 'phuong', 'thi_tran', 'dac_khu', 'so', 'phong', 'bo_phan', 'officer_post', 'khac')", name=op.f('ck_organizations_kind')),
    sa.ForeignKeyConstraint(['parent_id'], ['organizations.id'], name=op.f('fk_organizations_parent_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('code', name=op.f('uq_organizations_code'))
    )
    op.create_index(op.f('ix_organizations_parent_id'), 'organizations', ['parent_id'])

    reform_areas = op.create_table('reform_areas',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_reform_areas'))
    )
    roles = op.create_table('roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('code', name=op.f('uq_roles_code'))
    )
    op.create_table('unit_classes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_classes')),
    sa.UniqueConstraint('code', name=op.f('uq_unit_classes_code'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_entity'), 'audit_log', ['entity'])

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_memberships_org_id_organizations')),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_memberships_role_id_roles')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('user_id', 'org_id', 'role_id', name=op.f('uq_memberships_user_id_org_id_role_id'))
    )
    op.create_index(op.f('ix_memberships_user_id'), 'memberships', ['user_id'])

    op.create_table('org_event_links',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=4), nullable=False),
    sa.CheckConstraint("side IN ('from', 'to')", name=op.f('ck_org_event_links_side')),
    sa.ForeignKeyConstraint(['event_id'], ['org_events.id'], name=op.f('fk_org_event_links_event_id_org_events')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_org_event_links_org_id_organizations')),
    sa.PrimaryKeyConstraint('event_id', 'org_id', 'side', name=op.f('pk_org_event_links'))
    )
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    # SQLite (no ALTER ... ADD CONSTRAINT) creates this one inline, others add it below.
    sa.ForeignKeyConstraint(['current_version_id'], ['plan_versions.id'], name=op.f(PLAN_CURRENT_VERSION_FK), use_alter=True),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_plans_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('org_id', 'year', name=op.f('uq_plans_org_id_year'))
    )
    op.create_table('unit_class_members',
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['unit_classes.id'], name=op.f('fk_unit_class_members_class_id_unit_classes')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_unit_class_members_org_id_organizations')),
    sa.PrimaryKeyConstraint('class_id', 'org_id', name=op.f('pk_unit_class_members'))
    )
    op.create_index(op.f('ix_unit_class_members_org_id'), 'unit_class_members', ['org_id'])

    op.create_table('unit_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope_org_id', sa.Integer(), nullable=False),
    sa.Column('folded_text', sa.String(length=500), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=True),
    sa.Column('unit_class_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_by', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('org_id IS NULL OR unit_class_id IS NULL', name=op.f('ck_unit_mappings_one_target')),
    sa.ForeignKeyConstraint(['confirmed_by'], ['users.id'], name=op.f('fk_unit_mappings_confirmed_by_users')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_unit_mappings_org_id_organizations')),
    sa.ForeignKeyConstraint(['scope_org_id'], ['organizations.id'], name=op.f('fk_unit_mappings_scope_org_id_organizations')),
    sa.ForeignKeyConstraint(['unit_class_id'], ['unit_classes.id'], name=op.f('fk_unit_mappings_unit_class_id_unit_classes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_mappings')),
    sa.UniqueConstraint('scope_org_id', 'folded_text', name=op.f('uq_unit_mappings_scope_org_id_folded_text'))
    )
    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source_name', sa.String(length=255), nullable=True),
    sa.Column('source_sha256', sa.String(length=64), nullable=True),
    sa.Column('plan_json', sa.JSON(), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_plan_versions_created_by_users')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_versions_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions')),
    sa.UniqueConstraint('plan_id', 'number', name=op.f('uq_plan_versions_plan_id_number'))
    )
    if op.get_bind().dialect.supports_alter:
        op.create_foreign_key(op.f(PLAN_CURRENT_VERSION_FK), "plans", "plan_versions",
                              ["current_version_id"], ["id"])
    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('area_code', sa.String(length=20), nullable=False),
    sa.Column('indicator', sa.String(length=64), nullable=False),
    sa.Column('comparator', sa.String(length=2), nullable=False),
    sa.Column('value', sa.Double(), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=False),
    sa.Column('source_where', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['area_code'], ['reform_areas.code'], name=op.f('fk_targets_area_code_reform_areas')),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_versions.id'], name=op.f('fk_targets_plan_version_id_plan_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets'))
    )
    op.create_index(op.f('ix_targets_plan_version_id'), 'targets', ['plan_version_id'])

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('no', sa.String(length=32), nullable=True),
    sa.Column('area_code', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('objective', sa.Text(), nullable=True),
    sa.Column('activities', sa.JSON(), nullable=False),
    sa.Column('outputs', sa.JSON(), nullable=False),
    sa.Column('deadline_text', sa.Text(), nullable=True),
    sa.Column('schedule', sa.JSON(), nullable=False),
    sa.Column('budget', sa.Text(), nullable=True),
    sa.Column('source_where', sa.String(length=255), nullable=True),
    sa.Column('previous_task_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('not_started', 'in_progress', 'done', 'done_late', 'overdue', 'paused')", name=op.f('ck_tasks_status')),
    sa.CheckConstraint('percent BETWEEN 0 AND 100', name=op.f('ck_tasks_percent')),
    sa.ForeignKeyConstraint(['area_code'], ['reform_areas.code'], name=op.f('fk_tasks_area_code_reform_areas')),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_versions.id'], name=op.f('fk_tasks_plan_version_id_plan_versions')),
    sa.ForeignKeyConstraint(['previous_task_id'], ['tasks.id'], name=op.f('fk_tasks_previous_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    op.create_index(op.f('ix_tasks_plan_version_id'), 'tasks', ['plan_version_id'])

    op.create_table('milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('period_code', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('not_started', 'in_progress', 'done', 'done_late', 'overdue', 'paused')", name=op.f('ck_milestones_status')),
    sa.CheckConstraint('percent BETWEEN 0 AND 100', name=op.f('ck_milestones_percent')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_milestones_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones'))
    )
    op.create_index(op.f('ix_milestones_due_date'), 'milestones', ['due_date'])
    op.create_index(op.f('ix_milestones_task_id'), 'milestones', ['task_id'])

    op.create_table('task_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=4), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('printed_text', sa.Text(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=True),
    sa.Column('unit_class_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('lead', 'coop')", name=op.f('ck_task_units_role')),
    sa.CheckConstraint('org_id IS NULL OR unit_class_id IS NULL', name=op.f('ck_task_units_one_target')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_task_units_org_id_organizations')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_units_task_id_tasks')),
    sa.ForeignKeyConstraint(['unit_class_id'], ['unit_classes.id'], name=op.f('fk_task_units_unit_class_id_unit_classes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_units'))
    )
    op.create_index(op.f('ix_task_units_org_id'), 'task_units', ['org_id'])
    op.create_index(op.f('ix_task_units_task_id'), 'task_units', ['task_id'])
    op.create_index(op.f('ix_task_units_unit_class_id'), 'task_units', ['unit_class_id'])

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestones.id'], name=op.f('fk_comments_milestone_id_milestones')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_comments_task_id_tasks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comments_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    op.create_index(op.f('ix_comments_task_id'), 'comments', ['task_id'])

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['evidence_files.id'], name=op.f('fk_evidence_file_id_evidence_files')),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestones.id'], name=op.f('fk_evidence_milestone_id_milestones')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_evidence_task_id_tasks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_evidence_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    op.create_index(op.f('ix_evidence_task_id'), 'evidence', ['task_id'])

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_email_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestones.id'], name=op.f('fk_notifications_milestone_id_milestones')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_notifications_org_id_organizations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('milestone_id', 'org_id', 'day', 'kind', name=op.f('uq_notifications_milestone_id_org_id_day_kind'))
    )
    op.create_index(op.f('ix_notifications_org_id'), 'notifications', ['org_id'])

    op.create_table('progress_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('not_started', 'in_progress', 'done', 'done_late', 'overdue', 'paused')", name=op.f('ck_progress_updates_status')),
    sa.CheckConstraint('percent BETWEEN 0 AND 100', name=op.f('ck_progress_updates_percent')),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_progress_updates_approved_by_users')),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestones.id'], name=op.f('fk_progress_updates_milestone_id_milestones')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_progress_updates_task_id_tasks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_progress_updates_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_updates'))
    )
    op.create_index(op.f('ix_progress_updates_milestone_id'), 'progress_updates', ['milestone_id'])
    op.create_index(op.f('ix_progress_updates_task_id'), 'progress_updates', ['task_id'])
    op.bulk_insert(reform_areas, [{"code": c, "name": n} for c, n in REFORM_AREAS.items()])
    op.bulk_insert(roles, [{"code": c, "name": n} for c, n in ROLES.items()])
    _make_audit_log_append_only()


def downgrade() -> None:
    _drop_audit_log_protection()
    if op.get_bind().dialect.supports_alter:
        op.drop_constraint(op.f(PLAN_CURRENT_VERSION_FK), "plans", type_="foreignkey")
    op.drop_index(op.f('ix_progress_updates_task_id'), table_name='progress_updates')
    op.drop_index(op.f('ix_progress_updates_milestone_id'), table_name='progress_updates')

    op.drop_table('progress_updates')
    op.drop_index(op.f('ix_notifications_org_id'), table_name='notifications')

    op.drop_table('notifications')
    op.drop_index(op.f('ix_evidence_task_id'), table_name='evidence')

    op.drop_table('evidence')
    op.drop_index(op.f('ix_comments_task_id'), table_name='comments')

    op.drop_table('comments')
    op.drop_index(op.f('ix_task_units_unit_class_id'), table_name='task_units')
    op.drop_index(op.f('ix_task_units_task_id'), table_name='task_units')
    op.drop_index(op.f('ix_task_units_org_id'), table_name='task_units')

    op.drop_table('task_units')
    op.drop_index(op.f('ix_milestones_task_id'), table_name='milestones')
    op.drop_index(op.f('ix_milestones_due_date'), table_name='milestones')

    op.drop_table('milestones')
    op.drop_index(op.f('ix_tasks_plan_version_id'), table_name='tasks')

    op.drop_table('tasks')
    op.drop_index(op.f('ix_targets_plan_version_id'), table_name='targets')

    op.drop_table('targets')
    op.drop_table('plan_versions')
    op.drop_table('unit_mappings')
    op.drop_index(op.f('ix_unit_class_members_org_id'), table_name='unit_class_members')

    op.drop_table('unit_class_members')
    op.drop_table('plans')
    op.drop_table('org_event_links')
    op.drop_index(op.f('ix_memberships_user_id'), table_name='memberships')

    op.drop_table('memberships')
    op.drop_index(op.f('ix_audit_log_entity'), table_name='audit_log')

    op.drop_table('audit_log')
    op.drop_table('users')
    op.drop_table('unit_classes')
    op.drop_table('roles')
    op.drop_table('reform_areas')
    op.drop_index(op.f('ix_organizations_parent_id'), table_name='organizations')

    op.drop_table('organizations')
    op.drop_table('org_events')
    op.drop_table('evidence_files')


def _make_audit_log_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$")
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
    else:
        for statement in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{statement.lower()} BEFORE {statement} "
                       f"ON audit_log BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")


def _drop_audit_log_protection() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")

