from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    # The day's work
    path("", views.dashboard, name="dashboard"),
    path("inquiries/", views.inquiry_list, name="inquiries"),
    path("inquiries/<int:pk>/take/", views.inquiry_take, name="inquiry_take"),
    # Cases: list and search, intake, the case page and what is posted from it
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/entries/", views.entry_create, name="entry_create"),
    path(
        "cases/<str:number>/entries/<int:pk>/correct/",
        views.entry_correct,
        name="entry_correct",
    ),
    path("cases/<str:number>/referrals/", views.referral_create, name="referral_create"),
    path(
        "cases/<str:number>/referrals/<int:pk>/",
        views.referral_update,
        name="referral_update",
    ),
    path("cases/<str:number>/consents/", views.consent_create, name="consent_create"),
    path("cases/<str:number>/tasks/", views.task_create, name="task_create"),
    path("cases/<str:number>/tasks/<int:pk>/done/", views.task_complete, name="task_complete"),
    path("cases/<str:number>/flags/", views.flag_create, name="flag_create"),
    path("cases/<str:number>/flags/<int:pk>/off/", views.flag_deactivate, name="flag_deactivate"),
    path("cases/<str:number>/status/", views.status_change, name="status_change"),
    path("cases/<str:number>/intake/correct/", views.intake_correct, name="intake_correct"),
    path("cases/<str:number>/intake/history/", views.intake_history, name="intake_history"),
    path("cases/<str:number>/access-log/", views.case_access_log, name="case_access_log"),
    # Supervisors: statistics and their CSV, the disclosure document
    path("reports/", views.reports, name="reports"),
    path("reports/export.csv", views.reports_csv, name="reports_csv"),
    path("persons/<int:pk>/disclosure/", views.person_disclosure, name="person_disclosure"),
]
