"""The consultations app's models, one module per concept; import them from here.

Ground up: base (the protection every case table shares), teams, search_keys, cases (with
their categories and numbering), persons and their household links, households (the members
around a case, intake corrections), destinations (つなぎ先), consents, inquiries, invitations (of
staff), entries, referrals, followups (tasks and flags), audit.
"""

from consultations.models.audit import AccessLog, ChangeRecord, DisposalLog
from consultations.models.base import (
    AppendOnlyError,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    ProtectedModel,
    ProtectedQuerySet,
)
from consultations.models.cases import CASE_NUMBER, Case, CaseCounter, CaseQuerySet, Category
from consultations.models.consents import Consent, ConsentQuerySet
from consultations.models.destinations import ReferralDestination
from consultations.models.entries import Entry, EntryQuerySet
from consultations.models.followups import Flag, Task, TaskQuerySet
from consultations.models.households import (
    HouseholdMember,
    HouseholdMemberQuerySet,
    IntakeCorrection,
    derive_household_type,
)
from consultations.models.inquiries import Inquiry, InquiryQuerySet, new_reference
from consultations.models.invitations import (
    StaffInvitation,
    StaffMember,
    token_digest,
)
from consultations.models.persons import HouseholdLink, Person, PersonQuerySet
from consultations.models.referrals import Referral
from consultations.models.search_keys import (
    normalise_kana,
    phone_digits,
    phone_index,
    search_reading,
)
from consultations.models.teams import Team, TeamMembership

__all__ = [
    "CASE_NUMBER",
    "AccessLog",
    "AppendOnlyError",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "Case",
    "CaseCounter",
    "CaseQuerySet",
    "Category",
    "ChangeRecord",
    "Consent",
    "ConsentQuerySet",
    "DisposalLog",
    "Entry",
    "EntryQuerySet",
    "Flag",
    "HouseholdLink",
    "HouseholdMember",
    "HouseholdMemberQuerySet",
    "Inquiry",
    "InquiryQuerySet",
    "IntakeCorrection",
    "Person",
    "PersonQuerySet",
    "ProtectedModel",
    "ProtectedQuerySet",
    "Referral",
    "ReferralDestination",
    "StaffInvitation",
    "StaffMember",
    "Task",
    "TaskQuerySet",
    "Team",
    "TeamMembership",
    "derive_household_type",
    "new_reference",
    "normalise_kana",
    "phone_digits",
    "phone_index",
    "search_reading",
    "token_digest",
]
