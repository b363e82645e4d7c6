from django.urls import path

from events.accounts import delegation, views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation-accept"),
    path("delegation/", delegation.delegation_index, name="delegation-index"),
    path("delegation/<int:organization_id>/", delegation.delegation_detail, name="delegation"),
    path(
        "delegation/<int:organization_id>/invitations/",
        delegation.delegation_invite,
        name="delegation-invite",
    ),
    path(
        "delegation/<int:organization_id>/invitations/<int:invitation_id>/<slug:verb>/",
        delegation.delegation_invitation_action,
        name="delegation-invitation-action",
    ),
    path(
        "delegation/<int:organization_id>/accreditations/",
        delegation.delegation_accredit,
        name="delegation-accredit",
    ),
]
