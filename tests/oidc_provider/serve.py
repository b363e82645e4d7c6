"""Run the test identity provider: migrate its own SQLite database, create its users and
Plenary's client, then serve on the port given (``python -m tests.oidc_provider.serve``).

Configuration comes from the environment: OIDC_TEST_PORT, OIDC_TEST_DATABASE,
OIDC_TEST_RSA_KEY, OIDC_TEST_SECRET_KEY, OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET,
OIDC_TEST_REDIRECT_URIS (space-separated) and OIDC_TEST_USERS (JSON list of
``{"username", "password", "email", "first_name", "last_name"}``).
"""

import json
import os


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    users = get_user_model().objects
    for person in json.loads(os.environ.get("OIDC_TEST_USERS", "[]")):
        users.create_user(**person)
    Application.objects.create(
        name="Plenary",
        client_id=os.environ["OIDC_TEST_CLIENT_ID"],
        client_secret=os.environ["OIDC_TEST_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OIDC_TEST_REDIRECT_URIS"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    print("ready", flush=True)
    run(
        "127.0.0.1",
        int(os.environ["OIDC_TEST_PORT"]),
        get_wsgi_application(),
        threading=True,
        server_cls=WSGIServer,
    )


if __name__ == "__main__":
    main()
