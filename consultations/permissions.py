"""Who may see and handle inquiries: the one place that answers it.

Inquiries hold what residents wrote about their lives (要配慮個人情報 often among it). Only
consultation staff (the 相談員 group, accounts/roles.py) and administrators see them;
coordinators, who edit the public content, see none.
"""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User


def can_view_inquiries(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("consultations.view_inquiry")
    )


def can_change_inquiries(user: User | AnonymousUser) -> bool:
    """Change the handling status (the content a resident sent is never editable)."""
    return can_view_inquiries(user) and user.has_perm("consultations.change_inquiry")
