from django.urls import path

from debates import views

urlpatterns = [
    path("debates/<int:debate_id>/", views.room, name="debate-room"),
    path("debates/<int:debate_id>/minutes", views.minutes, name="debate-minutes"),
    path(
        "debates/<int:debate_id>/minutes.md",
        views.minutes,
        {"fmt": "md"},
        name="debate-minutes-md",
    ),
    path(
        "debates/<int:debate_id>/minutes.json",
        views.minutes,
        {"fmt": "json"},
        name="debate-minutes-json",
    ),
]
