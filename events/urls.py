from django.urls import path

from events import views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/profile/", views.profile_view, name="profile"),
    path(
        "events/<slug:event_slug>/accreditation/",
        views.accreditation_request_view,
        name="accreditation-request",
    ),
    path(
        "events/<slug:event_slug>/accreditation/cancel/",
        views.accreditation_cancel_view,
        name="accreditation-cancel",
    ),
]
