"""The REST API router: every resource under /api/v1/."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from assembly import api as assembly_api
from config import views
from debates import api as debates_api
from debates import api_texts as debates_texts_api
from events import api as events_api
from events.accounts import api as accounts_api
from forums import api as forums_api
from onsite import api as onsite_api
from papers import api as papers_api
from plenary.api.renderers import api_pages_csp


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI, under the browsable API's policy (it styles its elements in place)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response._csp_config = api_pages_csp()
        return response


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
router.register("checkin-lists", onsite_api.CheckInListViewSet, basename="checkin-list")
router.register("scans", onsite_api.ScanViewSet, basename="scan")

router.register("invitations", accounts_api.InvitationViewSet, basename="invitation")
router.register("focal-points", accounts_api.FocalPointViewSet, basename="focal-point")
router.register("delegations", accounts_api.DelegationViewSet, basename="delegation")
router.register("signin-lockouts", accounts_api.SignInLockoutViewSet, basename="signin-lockout")


version_1 = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="token"),
    path("me/", events_api.MeView.as_view(), name="me"),
    path(
        "me/calendar-token/",
        events_api.RotateCalendarTokenView.as_view(),
        name="me-calendar-token",
    ),
    path("presence/", onsite_api.PresenceView.as_view(), name="presence"),
    *router.urls,
    # Anything else under /api/v1/ is a JSON 404, in development too.
    re_path(r"^.*$", views.api_not_found, name="not-found"),
]

# Every API name lives in the "api" namespace ("api:seat-cancel"), so that no
# router name ever shadows a page's ("seat-cancel").
app_name = "api"
urlpatterns = [
    path("v1/", include(version_1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
]
