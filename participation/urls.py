from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    # A resident joins a date of an activity, and may cancel
    path("activities/<int:pk>/join/", views.join, name="join"),
    path("my/participations/<int:pk>/cancel/", views.cancel, name="cancel"),
    # The organiser's roster of an activity (?date=YYYY-MM-DD for one date), and its CSV
    path("activities/<int:pk>/roster/", views.roster, name="roster"),
    path("activities/<int:pk>/roster.csv", views.roster_csv, name="roster_csv"),
    # The private calendar: making its secret URL, and the feed at that URL
    path("my/calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
