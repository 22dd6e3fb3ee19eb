from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("利用者と権限")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from accounts.roles import sync_roles_after_migrate
        from accounts.second_factor import record_enrolment

        # Groups and their permissions are declared in accounts/roles.py and kept in step
        # after every migrate (permissions themselves only exist after post_migrate).
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        # Enrolling a TOTP authenticator or security key proves it in this session.
        authenticator_added.connect(record_enrolment, dispatch_uid="accounts.second_factor")
