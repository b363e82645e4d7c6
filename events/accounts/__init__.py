"""Accounts and delegations: sign-in protection, two-factor rules, invitations, focal
points, and the adapters that fit django-allauth to them."""
