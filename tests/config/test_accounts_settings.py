"""Settings of accounts: single sign-on providers, proxies, two-factor roles, the file
outbox, from the environment."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import mailer_settings, sso_providers
from tests.config.test_settings import production_env, run_django


def test_sso_providers_come_from_the_environment():
    apps = sso_providers(
        {
            "SSO_PROVIDERS": "cityid, secretariat",
            "SSO_CITYID_NAME": "CityID",
            "SSO_CITYID_URL": "https://id.example.org/",
            "SSO_CITYID_CLIENT_ID": "plenary",
            "SSO_CITYID_SECRET": "s3cret",
            "SSO_SECRETARIAT_URL": "https://login.example.org/realms/staff",
            "SSO_SECRETARIAT_CLIENT_ID": "plenary-staff",
            "SSO_SECRETARIAT_SECRET": "other",
        }
    )

    assert apps == [
        {
            "provider_id": "cityid",
            "name": "CityID",
            "client_id": "plenary",
            "secret": "s3cret",
            "settings": {"server_url": "https://id.example.org/", "oauth_pkce_enabled": True},
        },
        {
            "provider_id": "secretariat",
            "name": "secretariat",
            "client_id": "plenary-staff",
            "secret": "other",
            "settings": {
                "server_url": "https://login.example.org/realms/staff",
                "oauth_pkce_enabled": True,
            },
        },
    ]
    assert sso_providers({}) == []


def test_an_sso_provider_without_its_address_is_refused():
    with pytest.raises(ImproperlyConfigured) as error:
        sso_providers({"SSO_PROVIDERS": "cityid", "SSO_CITYID_CLIENT_ID": "x"})

    assert str(error.value) == (
        "SSO provider 'cityid' needs SSO_CITYID_URL, SSO_CITYID_SECRET in the environment."
    )


def test_filebased_email_writes_to_a_directory():
    assert mailer_settings("filebased:///srv/plenary/outbox") == (
        {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": "/srv/plenary/outbox"},
        },
        None,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRUSTED_PROXIES": "10.0.0.0/8,proxy"}, "TRUSTED_PROXIES: 'proxy' is not"),
        (
            {"TRUSTED_PROXIES": "10.0.0.1", "TRUSTED_PROXY_COUNT": "1"},
            "Set TRUSTED_PROXIES or TRUSTED_PROXY_COUNT, not both.",
        ),
        ({"TWO_FACTOR_REQUIRED": "secretariat,everyone"}, "not everyone"),
    ],
)
def test_bad_account_settings_stop_the_process(tmp_path, env, message):
    result = run_django("print('started')", {**production_env(), **env}, tmp_path)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_requires_two_factor_for_the_secretariat_and_chairs(tmp_path):
    result = run_django(
        "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)",
        production_env(),
        tmp_path,
    )

    assert result.stdout.strip().splitlines()[-1] == "['secretariat', 'chairs']"


def test_the_csp_lets_the_sign_in_form_go_to_the_sso_providers(tmp_path):
    env = {
        **production_env(),
        "SSO_PROVIDERS": "cityid",
        "SSO_CITYID_URL": "https://id.example.org/realms/cities",
        "SSO_CITYID_CLIENT_ID": "plenary",
        "SSO_CITYID_SECRET": "s3cret",
    }

    result = run_django(
        "from django.conf import settings\n"
        "print([str(x) for x in settings.SECURE_CSP['form-action']])",
        env,
        tmp_path,
    )

    assert result.stdout.strip().splitlines()[-1] == "[\"'self'\", 'https://id.example.org']"
