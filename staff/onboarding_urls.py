"""The invitation's steps (staff/onboarding_views.py): outside /staff/, whose guard needs a
signed-in case worker, and Japanese only like the workspace."""

from django.urls import path

from staff import onboarding_views as views

app_name = "onboarding"

urlpatterns = [
    # After the link: no token in these URLs (the invitation is held in the session)
    path("step/password/", views.password, name="password"),
    path("step/second-factor/", views.second_factor, name="second_factor"),
    path("step/second-factor/app/", views.authenticator_app, name="authenticator_app"),
    path("step/second-factor/security-key/", views.security_key, name="security_key"),
    path("step/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    # The e-mail's link
    path("<str:token>/", views.start, name="start"),
]
