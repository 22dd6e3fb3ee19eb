"""Personas of the editor tests: two member organisations, A and B, each with an editor whose
every text carries a marker, and a coordinator who has enrolled a second factor."""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import COORDINATOR
from networks import editing
from networks.models import Activity, Facility, Member, MemberEditor, Proposal
from tests.conftest import PASSWORD
from tests.consultations.conftest import enrol_totp
from tests.factories import ActivityFactory, FacilityFactory, MemberFactory


@dataclass
class Organisation:
    member: Member
    facility: Facility
    activity: Activity
    editor: User
    proposal: Proposal

    def markers(self) -> list[str]:
        return [self.member.name, self.facility.name, self.activity.title, "提案MKR" + self.tag]

    @property
    def tag(self) -> str:
        return self.member.name[-1]


def make_organisation(tag: str) -> Organisation:
    member = MemberFactory(name=f"法人MKR{tag}", phone="03-1111-0000")
    facility = FacilityFactory(member=member, name=f"施設MKR{tag}", phone="03-1111-1111")
    activity = ActivityFactory(organiser=member, title=f"活動MKR{tag}")
    email = f"editor-{tag.lower()}@example.jp"
    editor = User.objects.create_user(email, PASSWORD, name=f"編集{tag}")
    MemberEditor.objects.create(user=editor, member=member)
    proposal = Proposal.objects.create(
        member=member,
        kind=Proposal.Kind.FACILITY,
        target_id=facility.pk,
        before={"name": facility.name, "opening_notes": ""},
        after={"name": facility.name, "opening_notes": f"提案MKR{tag}"},
        created_by=editor,
    )
    return Organisation(member, facility, activity, editor, proposal)


def make_coordinator(email: str = "coordinator-mfa@example.jp") -> User:
    user = User.objects.create_user(email, PASSWORD, name="調整 花子", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    enrol_totp(user)
    return user


def make_proposal(org: Organisation, phone: str = "03-8888-0000") -> Proposal:
    """The organisation's editor proposes a new phone number for its facility (pending)."""
    before = editing.snapshot(org.facility, "facility")
    return Proposal.objects.create(
        member=org.member,
        kind=Proposal.Kind.FACILITY,
        target_id=org.facility.pk,
        before=before,
        after={**before, "phone": phone},
        created_by=org.editor,
    )
