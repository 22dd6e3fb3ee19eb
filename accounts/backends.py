"""Signing in with an e-mail address and a password, and what a user may do: Django's
ModelBackend, with the user's permissions read in one query instead of two.

Roles are groups of permissions (accounts/roles.py), and every request of the staff workspace
asks about them; ModelBackend reads the user's own permissions and their groups' in a query
each. This backend reads both at once and keeps them where ModelBackend keeps them
(`user._perm_cache`, for the one request the user object lives), so the other backends'
`has_perm` (allauth's is a ModelBackend too) find it there: the answers are ModelBackend's.

The query is one fixed statement, written once from the models' tables: the permissions whose
id is among the user's own or among their groups'. As a UNION of the two ORM querysets (two
five-table joins) PostgreSQL took 0.55 ms to plan it, against 0.12 ms for this shape; and
built by the ORM on every request, either shape cost some 1,000 Python calls to compile.
"""

from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection


@cache
def _permissions_sql() -> str:
    """(app label, codename) of a user's permissions; parameters: the user's id, twice."""
    user_model = get_user_model()
    own = user_model.user_permissions.through._meta
    member = user_model.groups.through._meta
    granted = Group.permissions.through._meta
    qn = connection.ops.quote_name

    def column(meta: Any, name: str) -> str:
        return qn(meta.get_field(name).column)

    permission, content_type = Permission._meta, ContentType._meta
    user_column = user_model._meta.model_name or "user"
    parts = [
        f"SELECT ct.{column(content_type, 'app_label')}, p.{column(permission, 'codename')}",
        f"FROM {qn(permission.db_table)} p INNER JOIN {qn(content_type.db_table)} ct",
        f"ON ct.{column(content_type, 'id')} = p.{column(permission, 'content_type')}",
        f"WHERE p.{column(permission, 'id')} IN (",
        f"SELECT {column(own, 'permission')} FROM {qn(own.db_table)}",  # noqa: S608 (names from the models)
        f"WHERE {column(own, user_column)} = %s)",
        f"OR p.{column(permission, 'id')} IN (",
        f"SELECT {column(granted, 'permission')} FROM {qn(granted.db_table)}",  # noqa: S608
        f"WHERE {column(granted, 'group')} IN (",
        f"SELECT {column(member, 'group')} FROM {qn(member.db_table)}",  # noqa: S608
        f"WHERE {column(member, user_column)} = %s))",
    ]
    return " ".join(parts)  # every name comes from the models, quoted


class AccountBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = list(Permission.objects.values_list("content_type__app_label", "codename"))
            else:
                with connection.cursor() as cursor:
                    cursor.execute(_permissions_sql(), [user_obj.pk, user_obj.pk])
                    rows = cursor.fetchall()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
