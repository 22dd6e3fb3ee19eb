from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    # The network's directory: members (法人・団体) and their facilities (施設・事業所)
    path("network/", views.member_list, name="members"),
    path("network/members/<int:pk>/", views.member_detail, name="member"),
    path("network/facilities/", views.facility_list, name="facilities"),
    path("network/facilities/<int:pk>/", views.facility_detail, name="facility"),
    # Activities and opportunities, with calendar files
    path("activities/", views.activity_list, name="activities"),
    path("activities/calendar.ics", views.activity_feed, name="activity_feed"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/calendar.ics", views.activity_calendar, name="activity_calendar"),
    # The council's contact points (窓口): telephone, FAX, address, opening hours
    path("contact/", views.contact_point_list, name="contact_points"),
    path("contact/<int:pk>/", views.contact_point_detail, name="contact_point"),
    # 居場所マップ: printable lists by station, per district and per theme
    path(
        "activities/places-to-belong-map/",
        views.place_to_belong_maps,
        name="place_to_belong_maps",
    ),
    path(
        "activities/places-to-belong-map/districts/<slug:slug>/",
        views.place_to_belong_map_district,
        name="place_to_belong_map_district",
    ),
    path(
        "activities/places-to-belong-map/themes/<slug:slug>/",
        views.place_to_belong_map_theme,
        name="place_to_belong_map_theme",
    ),
    # The network's meetings: minutes and materials (PDF), a calendar feed of the public ones
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/calendar.ics", views.meeting_feed, name="meeting_feed"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path(
        "meetings/<int:pk>/documents/<int:document>.pdf",
        views.meeting_document,
        name="meeting_document",
    ),
    # Open data
    path("open-data/", views.open_data_page, name="open_data"),
    path(
        "open-data/<slug:slug>.csv",
        views.open_data_download,
        {"extension": "csv"},
        name="open_data_csv",
    ),
    path(
        "open-data/<slug:slug>.json",
        views.open_data_download,
        {"extension": "json"},
        name="open_data_json",
    ),
]
