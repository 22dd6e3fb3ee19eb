from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    # The three driving forces (推進力)
    path("forces/", views.force_list, name="forces"),
    path("forces/<slug:slug>/", views.force_detail, name="force"),
]
