"""Signing in with an e-mail address and a password, and what a user may do: Django's
ModelBackend, with the user's permissions read in one query instead of two.

Roles are groups of permissions (accounts/roles.py), and every request of the staff workspace
asks about them; ModelBackend reads the user's own permissions and their groups' in a query
each. This backend reads the union at once and keeps it where ModelBackend keeps it
(`user._perm_cache`, for the one request the user object lives), so the other backends'
`has_perm` (allauth's is a ModelBackend too) find it there: the answers are ModelBackend's.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class AccountBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = Permission.objects.values_list("content_type__app_label", "codename")
            else:
                rows = (
                    Permission.objects.filter(user=user_obj)
                    .values_list("content_type__app_label", "codename")
                    .order_by()
                    .union(
                        Permission.objects.filter(group__user=user_obj)
                        .values_list("content_type__app_label", "codename")
                        .order_by()
                    )
                )
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
