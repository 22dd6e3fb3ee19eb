"""Member organisations' editors (networks/editor_views.py)."""

from django.urls import path

from networks import editor_views as views

app_name = "editor"

urlpatterns = [
    # The organisation's entries, and changes proposed to them
    path("", views.home, name="home"),
    path("member/", views.member_edit, name="member_edit"),
    path("facilities/new/", views.facility_add, name="facility_add"),
    path("facilities/<int:pk>/", views.facility_edit, name="facility_edit"),
    path("activities/new/", views.activity_add, name="activity_add"),
    path("activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    # 「変更なし」: from the editor's page, and from the monthly reminder's link
    path("confirm/", views.confirm_now, name="confirm_now"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    # The invitation e-mail's link, then the password (the token kept in the session)
    path("invitation/password/", views.invitation_password, name="invitation_password"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
