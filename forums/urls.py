from django.urls import path, re_path

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
    path(
        "events/<slug:event_slug>/sessions/<uuid:session_uuid>/",
        views.session_detail,
        name="session-detail",
    ),
    path(
        "events/<slug:event_slug>/sessions/<uuid:session_uuid>/star/",
        views.session_star_view,
        name="session-star",
    ),
    path(
        "events/<slug:event_slug>/sessions/<uuid:session_uuid>/unstar/",
        views.session_unstar_view,
        name="session-unstar",
    ),
    path("me/", views.me, name="me"),
    path("me/agenda/", views.my_agenda, name="my-agenda"),
    path("me/calendar-token/", views.calendar_token_rotate_view, name="calendar-token-rotate"),
    path("calendar/events/<slug:event_slug>.ics", views.calendar_event, name="calendar-event"),
    path(
        "calendar/events/<slug:event_slug>/forums/<slug:forum_slug>.ics",
        views.calendar_forum,
        name="calendar-forum",
    ),
    re_path(
        r"^calendar/me/(?P<token>[A-Za-z0-9_-]{16,128})\.ics$",
        views.calendar_delegate,
        name="calendar-delegate",
    ),
    path(
        "calendar/sessions/<uuid:session_uuid>.ics",
        views.calendar_session,
        name="calendar-session",
    ),
]
