from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    # Progress of the plan: by pillar, by driving force, by district
    path("", views.progress_by_pillar, name="index"),
    path("forces/", views.progress_by_force, name="forces"),
    path("districts/", views.progress_by_district, name="districts"),
    # One action item: milestones, indicators with charts, timeline (and its photos)
    path("items/<int:pk>/", views.action_item_progress, name="item"),
    path("timeline/<int:pk>/photo/", views.timeline_photo, name="timeline_photo"),
    # The yearly evaluation (点検・評価), printable
    path("evaluation/<int:fiscal_year>/", views.evaluation, name="evaluation"),
]
