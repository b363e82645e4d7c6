from allauth.account import views as allauth_views
from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from config import views
from events.accounts import views as account_views

admin.site.site_header = "Plenary secretariat"
admin.site.site_title = "Plenary"
admin.site.index_title = "Back office"
# The back office signs in through allauth (rate limits, lockouts, two-factor).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("events.urls")),
    path("", include("forums.urls")),
    path("", include("papers.urls")),
    path("", include("assembly.urls")),
    path("", include("debates.urls")),
    path("", include("onsite.urls")),
    path("", include("events.accounts.urls")),
    path("admin/", admin.site.urls),
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("accounts/signup/", account_views.signup_closed, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include("config.api")),
    path("favicon.ico", views.favicon, name="favicon"),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
