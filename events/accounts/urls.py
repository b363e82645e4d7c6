from django.urls import path

from events.accounts import views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation-accept"),
]
