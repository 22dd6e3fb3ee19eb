from django.urls import path

from pillars import views

app_name = "pillars"

urlpatterns = [
    # Pillars and their action items
    path("pillars/", views.pillar_list, name="list"),
    path("pillars/<int:number>/", views.pillar_detail, name="detail"),
    path("pillars/<int:number>/actions/<int:pk>/", views.action_item_detail, name="action_item"),
    # The three driving forces (推進力)
    path("forces/", views.force_list, name="forces"),
    path("forces/<slug:slug>/", views.force_detail, name="force"),
    # Hashtags
    path("tags/", views.hashtag_list, name="hashtags"),
    path("tags/<str:name>/", views.hashtag_detail, name="hashtag"),
]
