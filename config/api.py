"""The REST API router: every resource under /api/v1/."""

from django.urls import path
from rest_framework import routers

from assembly import api as assembly_api
from debates import api as debates_api
from debates import api_texts as debates_texts_api
from events import api as events_api
from events.accounts import api as accounts_api
from forums import api as forums_api
from papers import api as papers_api

router = routers.DefaultRouter()
router.register("organizations", events_api.OrganizationViewSet, basename="organization")
router.register("events", events_api.EventViewSet, basename="event")
router.register("accreditations", events_api.AccreditationViewSet, basename="accreditation")
router.register("forums", forums_api.ForumViewSet, basename="forum")
router.register("seats", forums_api.SeatViewSet, basename="seat")
router.register("sessions", forums_api.SessionViewSet, basename="session")
router.register("debates", debates_api.DebateViewSet, basename="debate")
router.register("texts", debates_texts_api.TextViewSet, basename="text")
router.register("papers", papers_api.PaperViewSet, basename="paper")
router.register("voting-rights", assembly_api.VotingRightViewSet, basename="voting-right")
router.register("mandates", assembly_api.MandateViewSet, basename="mandate")
router.register("proxies", assembly_api.ProxyViewSet, basename="proxy")

router.register("invitations", accounts_api.InvitationViewSet, basename="invitation")
router.register("focal-points", accounts_api.FocalPointViewSet, basename="focal-point")
router.register("delegations", accounts_api.DelegationViewSet, basename="delegation")
router.register("signin-lockouts", accounts_api.SignInLockoutViewSet, basename="signin-lockout")


urlpatterns = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="api-token"),
    path("me/", events_api.MeView.as_view(), name="api-me"),
    path(
        "me/calendar-token/",
        events_api.RotateCalendarTokenView.as_view(),
        name="api-me-calendar-token",
    ),
    *router.urls,
]
