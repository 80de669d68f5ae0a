"""The database models (SQLAlchemy 2 declarative); tables are created by the Alembic migrations."""

from cchc.store.models.api_tokens import TOKEN_PERMISSIONS, ApiToken
from cchc.store.models.accounts import Delegation, LoginThrottleEntry, UserSession
from cchc.store.models.audit import AuditEntry
from cchc.store.models.base import Base
from cchc.store.models.cascade import Obligation, ObligationEvidence, ObligationUpdate
from cchc.store.models.corrections import ExtractionCorrection
from cchc.store.models.dossiers import DossierImport
from cchc.store.models.orgs import (
    ORG_EVENT_KINDS, ORG_KIND_LABELS, ORG_KINDS, PLAN_ISSUER_KINDS, Organization, OrgEvent,
    OrgEventLink, UnitClass, UnitClassMember, UnitMapping)
from cchc.store.models.plans import (
    Milestone, Plan, PlanVersion, ReformArea, Target, Task, TaskUnit)
from cchc.store.models.progress import (
    Comment, Evidence, EvidenceFile, Notification, ProgressUpdate)
from cchc.store.models.reports import (
    REPORT_KINDS, REPORT_STATUSES, Report, ReportEdit, ReportSubmission)
from cchc.store.models.scoring import (
    ASSESSMENT_STATUSES, Assessment, CriteriaSetRecord, ScoreEvidence, ScoreItem, SurveyResult)
from cchc.store.models.users import ROLE_ALIASES, ROLES, Membership, Role, User, role_code

__all__ = [
    "ApiToken", "TOKEN_PERMISSIONS",
    "AuditEntry", "Base", "Comment", "Delegation", "DossierImport", "Evidence", "EvidenceFile",
    "LoginThrottleEntry", "Membership", "Milestone", "Notification", "ORG_EVENT_KINDS",
    "ORG_KIND_LABELS", "ORG_KINDS", "Obligation", "ObligationEvidence", "ObligationUpdate",
    "OrgEvent", "OrgEventLink", "Organization", "PLAN_ISSUER_KINDS", "Plan",
    "PlanVersion", "ProgressUpdate", "REPORT_KINDS", "REPORT_STATUSES", "ROLES", "ROLE_ALIASES",
    "ReformArea", "Report", "ReportEdit", "ReportSubmission", "Role", "Target", "Task",
    "TaskUnit", "UnitClass", "UnitClassMember", "UnitMapping", "User", "UserSession",
    "role_code",
    "ASSESSMENT_STATUSES", "Assessment", "CriteriaSetRecord", "ScoreEvidence", "ScoreItem",
    "SurveyResult",
    "ExtractionCorrection",
]
