from django.urls import path

from consultations import public_views, views

app_name = "consultations"

urlpatterns = [
    # 「コーディネーターに相談する」: the public form, its thanks page and its privacy notice
    path("consult/", views.inquiry_create, name="consult"),
    path("consult/thanks/", views.inquiry_thanks, name="thanks"),
    path("consult/privacy/", views.privacy, name="privacy"),
    # Anonymised statistics of consultations (counts only, small numbers suppressed)
    path(
        "plan/consultation-statistics/",
        public_views.consultation_statistics,
        name="statistics",
    ),
]
