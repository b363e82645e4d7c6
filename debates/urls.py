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
    path(
        "debates/<int:debate_id>/minutes.pdf",
        views.minutes,
        {"fmt": "pdf"},
        name="debate-minutes-pdf",
    ),
    path("debates/<int:debate_id>/texts/<int:text_id>/", views.text_page, name="debate-text"),
    path(
        "debates/<int:debate_id>/texts/<int:text_id>.md",
        views.text_page,
        {"fmt": "md"},
        name="debate-text-md",
    ),
    path(
        "debates/<int:debate_id>/texts/<int:text_id>.pdf",
        views.text_page,
        {"fmt": "pdf"},
        name="debate-text-pdf",
    ),
    path(
        "debates/<int:debate_id>/texts/<int:text_id>/translate/",
        views.text_translate,
        name="debate-text-translate",
    ),
]
