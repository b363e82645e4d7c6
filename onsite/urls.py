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
    path("onsite/events/<slug:slug>/badges/print/", views.badge_print_start, name="print-start"),
    path("onsite/print-jobs/<int:pk>/", views.print_job_page, name="print-job"),
    path("onsite/print-jobs/<int:pk>/status/", views.print_job_status, name="print-job-status"),
    path("onsite/print-jobs/<int:pk>/restart/", views.print_job_restart, name="print-job-restart"),
    path("onsite/print-jobs/<int:pk>/badges.pdf", views.print_job_pdf, name="print-job-pdf"),
]
