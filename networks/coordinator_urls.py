from django.urls import path

from networks import coordinator_views as views

app_name = "coordinators"

urlpatterns = [
    # Public profiles of the community welfare coordinators, and their photos
    path("", views.coordinator_list, name="list"),
    path("<int:pk>/photo/", views.coordinator_photo, name="photo"),
]
