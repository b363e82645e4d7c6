"""A small, real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit
in OIDC mode, as a Django project of its own started in a child process on a free port.
``provider.OIDCProvider`` starts it; ``serve`` is what the child runs."""
