from django.urls import path

from assembly import views

urlpatterns = [
    path(
        "delegation/<int:organization_id>/mandates/<int:event_id>/",
        views.delegation_mandate,
        name="delegation-mandate",
    ),
]
