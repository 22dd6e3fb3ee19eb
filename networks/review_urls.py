"""Coordinators' review of editors' proposals, and invitations (networks/review_views.py)."""

from django.urls import path

from networks import review_views as views

app_name = "review"

urlpatterns = [
    path("", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
]
