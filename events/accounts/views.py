"""Pages of accounts and invitations: the sign-in form (allauth's, answering 429 when
the account or address is locked) and the invitation link."""

from allauth.account import forms as allauth_forms
from allauth.account import views as allauth_views
from allauth.account.utils import perform_login
from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.accounts import services
from plenary.errors import ServiceError


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = gettext_lazy("Username or email")


class LoginView(allauth_views.LoginView):
    form_class = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        codes = {error.code for error in form.non_field_errors().as_data()}
        if "signin_locked" in codes:
            response.status_code = 429
        return response


login = LoginView.as_view()


class AcceptForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def _unusable(request, error: ServiceError):
    return render(
        request,
        "accounts/invitation_unusable.html",
        {"message": error.message, "code": error.code},
        status=error.status_code,
    )


def invitation_accept_view(request, token):
    """The link of an invitation email: choose a password (or sign in through single
    sign-on with the invited address), and the delegate profile is created."""
    try:
        invitation = services.invitation_from_token(token)
    except ServiceError as error:
        return _unusable(request, error)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delegate = services.invitation_accept(
                token=token, password=form.cleaned_data["password1"]
            )
        except ServiceError as error:
            if error.code != "password_invalid":
                return _unusable(request, error)
            form.add_error("password1", error.message)
        else:
            return perform_login(
                request,
                delegate.user,
                email_verification=settings.ACCOUNT_EMAIL_VERIFICATION,
                redirect_url="/me/",
            )
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "sso_providers": settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"],
        },
    )


def signup_closed(request):
    return redirect("login")
