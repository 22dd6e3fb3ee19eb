from django.urls import path

from consultations import inquiry_views, statistics_views

app_name = "consultations"

urlpatterns = [
    # 「コーディネーターに相談する」: the public form, its thanks page and its privacy notice
    path("consult/", inquiry_views.inquiry_create, name="consult"),
    path("consult/thanks/", inquiry_views.inquiry_thanks, name="thanks"),
    path("consult/privacy/", inquiry_views.privacy, name="privacy"),
    # Anonymised statistics of consultations (counts only, small numbers suppressed)
    path(
        "plan/consultation-statistics/",
        statistics_views.consultation_statistics,
        name="statistics",
    ),
]
