from django.urls import path

from plan import views

app_name = "plan"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan_detail, name="detail"),
]
