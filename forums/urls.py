from django.urls import include, path

from forums import views

urlpatterns = [
    path("events/<slug:event_slug>/", views.event_detail, name="event-detail"),
    path(
        "events/<slug:event_slug>/forums/<slug:forum_slug>/",
        views.forum_detail,
        name="forum-detail",
    ),
    path(
        "events/<slug:event_slug>/forums/<slug:forum_slug>/seat/",
        views.seat_take_view,
        name="seat-take",
    ),
    path(
        "events/<slug:event_slug>/forums/<slug:forum_slug>/seat/cancel/",
        views.seat_cancel_view,
        name="seat-cancel",
    ),
    path("me/", views.me, name="me"),
    path("", include("forums.papers.urls")),
]
