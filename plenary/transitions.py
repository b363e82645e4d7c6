"""One shape for every state machine: a table of the moves and of who may make each.

Each app declares ``<ENTITY>_TRANSITIONS = TransitionTable({(from, to): roles})`` and one
``<entity>_transition(*, <entity>, to, actor, ...)`` that every caller uses (pages, API,
admin, the live room), plus ``<entity>_allowed_transitions(*, <entity>, actor)`` that the
API's ``actions`` and the pages' buttons read. Roles are words the app gives the actor
with respect to the object ("owner", "chair", "secretariat"...); ``system`` is Plenary
itself (``plenary.access.SYSTEM``).
"""

from collections.abc import Iterable, Mapping

SYSTEM_ROLE = "system"


class TransitionTable:
    """The moves ``(from, to)`` a state machine allows, each with the roles that may make it."""

    def __init__(self, moves: Mapping[tuple[str, str], Iterable[str]]):
        self.moves = {
            (str(source), str(target)): frozenset(roles)
            for (source, target), roles in moves.items()
        }

    def __iter__(self):
        """The moves, as ``(from, to)`` pairs."""
        return iter(self.moves)

    def __contains__(self, move) -> bool:
        return tuple(str(state) for state in move) in self.moves

    def exists(self, current: str, to: str) -> bool:
        return (str(current), str(to)) in self.moves

    def roles(self, current: str, to: str) -> frozenset[str]:
        """Who may move from ``current`` to ``to`` (empty when the move does not exist)."""
        return self.moves.get((str(current), str(to)), frozenset())

    def permits(self, current: str, to: str, roles: Iterable[str]) -> bool:
        return bool(self.roles(current, to) & set(roles))

    def targets(self, current: str) -> list[str]:
        """Every state reachable from ``current`` in one move, whoever makes it."""
        return [target for source, target in self.moves if source == str(current)]

    def allowed(self, current: str, roles: Iterable[str]) -> list[str]:
        """The states someone with ``roles`` may move to from ``current``, in table order."""
        roles = set(roles)
        return [
            target
            for (source, target), who in self.moves.items()
            if source == str(current) and who & roles
        ]

    def as_list(self) -> list[list]:
        """``[[from, to, [roles]], ...]``, for clients that decide which buttons to show."""
        return [[source, target, sorted(who)] for (source, target), who in self.moves.items()]
