from django.urls import path

from pillars import plan_views as views

app_name = "plan"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan_detail, name="detail"),
]
