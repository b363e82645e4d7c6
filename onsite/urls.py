from django.urls import path

from onsite import views

app_name = "onsite"

urlpatterns = [
    path("onsite/", views.index, name="index"),
    path("onsite/lists/<int:pk>/scan/", views.scan, name="scan"),
    path("onsite/worker.js", views.worker, name="worker"),
    path("onsite/events/<slug:slug>/", views.dashboard_page, name="dashboard"),
    path("onsite/events/<slug:slug>/attendance.csv", views.attendance_csv, name="attendance-csv"),
    # credentials.URL_PATH: the link of a badge's QR code.
    path("b/<str:code>", views.badge_signin, name="badge-signin"),
]
