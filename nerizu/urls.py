from django.urls import path

from nerizu import views

app_name = "nerizu"

urlpatterns = [
    # Public: what ネリーズ are, counts per district, the terms, approved stories
    path("", views.index, name="index"),
    path("terms/", views.terms, name="terms"),
    path("stories/", views.story_list, name="stories"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("stories/<int:pk>/photo", views.story_photo, name="story_photo"),
    # Signed in: becoming a Nerizu, マイページ, one's own registration and account
    path("join/", views.join, name="join"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.edit, name="edit"),
    path("me/withdraw/", views.withdraw, name="withdraw"),
    path("me/delete-account/", views.account_delete, name="account_delete"),
    path("me/following/", views.following, name="following"),
    # Mail: one-click unsubscribe (no sign-in: a signed token), and coordinators' messages
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("messages/", views.message_list, name="messages"),
    path("messages/new/", views.message_create, name="message_create"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    # A Nerizu's own stories
    path("stories/new/", views.story_create, name="story_create"),
    path("stories/<int:pk>/edit/", views.story_edit, name="story_edit"),
    path("stories/<int:pk>/delete/", views.story_delete, name="story_delete"),
]
