"""Write services: every function writes and audits within the caller's transaction.

They flush but never commit; wrap calls in `with sessionmaker.begin() as session:` so the change
and its audit entry are committed together or not at all.
"""

from cchc.store.services.comments import add_comment
from cchc.store.services.evidence import add_evidence
from cchc.store.services.notifications import mark_email_sent, record_notification
from cchc.store.services.orgs import (
    add_to_unit_class, close_organization, create_organization, create_unit_class,
    merge_organizations, move_organization, record_org_event, rename_organization,
    update_organization)
from cchc.store.services.plans import import_plan
from cchc.store.services.progress import (
    approve_progress, return_progress, set_milestone_date, update_milestone_progress, update_task_progress)
from cchc.store.services.units import remember_unit_mapping
from cchc.store.services.users import authenticate, create_user, grant_role

__all__ = [
    "add_comment", "add_evidence", "add_to_unit_class", "approve_progress", "authenticate",
    "close_organization", "create_organization", "create_unit_class", "create_user", "grant_role",
    "import_plan", "mark_email_sent", "merge_organizations", "move_organization",
    "record_notification", "record_org_event", "remember_unit_mapping", "rename_organization",
    "return_progress", "set_milestone_date", "update_milestone_progress", "update_organization",
    "update_task_progress",
]
