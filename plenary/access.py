"""Who someone is, for the access rules every app shares.

The secretariat is the association's staff: Django's ``is_staff`` flag, read here and in
the admin only, so that the rule has one place.
"""

from plenary.transitions import SYSTEM_ROLE


def is_secretariat(user) -> bool:
    """Whether ``user`` works for the secretariat (signed in, staff)."""
    return bool(user is not None and user.is_authenticated and user.is_staff)


class SystemActor:
    """Plenary itself as the actor of a change nobody asked for directly (a promotion from
    the waiting list, an approval an event does not need, a result a vote's close sets).

    Transition tables name it ``system``; it is never signed in and has no rights of a user.
    """

    pk = None
    is_authenticated = False
    is_staff = False

    def __repr__(self):
        return "SYSTEM"


SYSTEM = SystemActor()


def roles_of(actor, *, owner_id: int | None) -> set[str]:
    """The roles a transition table may name ``actor`` by, for an object that belongs to
    the user ``owner_id``: ``system`` (Plenary itself), ``owner``, ``secretariat``."""
    if actor is SYSTEM:
        return {SYSTEM_ROLE}
    roles = set()
    if actor.is_authenticated and owner_id == actor.pk:
        roles.add("owner")
    if is_secretariat(actor):
        roles.add("secretariat")
    return roles
