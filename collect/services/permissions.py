"""Who may do what, in which SWG: the one place where the rules of the spaces live.

Every form and event belongs to a Sector Working Group. A user holds a role in some
SWGs (a role in an SWG covers its sub-groups):

- an **organiser** manages the SWG's forms, events, links, access codes and reviews, and
  reads and exports its data;
- an **analyst** reads and exports the SWG's data;
- an **admin** (the Round Table secretariat) may do everything in every SWG, and alone
  manages users and sees the whole audit log.

A form or event in no SWG (left from before spaces existed) is the admins' alone. Asking
for something of another SWG is ``forbidden`` (403) when the reader can see that it
exists, and reading a thing one may not see is ``not found`` for the API's readers, so
that one SWG cannot learn what another collects.
"""
from __future__ import annotations

import enum

from ..problems import Problem
from ..store.models import Role, Swg, User


class Action(str, enum.Enum):
    READ = "read"  # see forms, events, links, responses; export
    MANAGE = "manage"  # publish, events, links, codes, reviews, deletions
    ADMINISTER = "administer"  # users, every SWG's audit log


#: The actions each role may take in its SWGs.
ALLOWED = {Role.ADMIN: set(Action), Role.ORGANISER: {Action.READ, Action.MANAGE}, Role.ANALYST: {Action.READ}}


def role_in(user: User, swg: Swg | None) -> Role | None:
    """The user's role in ``swg`` (a role in an SWG holds in its sub-groups); None for none."""
    if user.is_admin:
        return Role.ADMIN
    if swg is None:
        return None
    wanted = {swg.id, swg.parent_id}
    roles = [m.role for m in user.memberships if m.swg_id in wanted]
    return Role.ORGANISER if Role.ORGANISER in roles else roles[0] if roles else None


def may(user: User, action: Action, swg: Swg | None) -> bool:
    role = role_in(user, swg)
    return role is not None and action in ALLOWED[role]


def require(user: User, action: Action, swg: Swg | None) -> None:
    """Raise ``forbidden`` unless ``user`` may take ``action`` in ``swg``."""
    if not may(user, action, swg):
        raise Problem("forbidden")


def require_visible(user: User, swg: Swg | None, missing: Problem) -> None:
    """Raise ``missing`` (a not-found problem) unless ``user`` may read in ``swg``."""
    if not may(user, Action.READ, swg):
        raise missing


def _swg_ids(user: User, action: Action) -> set[int] | None:
    if user.is_admin:
        return None
    ids = set()
    for membership in user.memberships:
        if action in ALLOWED[membership.role]:
            ids.add(membership.swg_id)
            ids.update(child.id for child in membership.swg.children)
    return ids


def readable_swg_ids(user: User) -> set[int] | None:
    """The ids of the SWGs (and their sub-groups) ``user`` may read in; None means all."""
    return _swg_ids(user, Action.READ)


def managed_swg_ids(user: User) -> set[int] | None:
    """The ids of the SWGs (and their sub-groups) ``user`` may manage; None means all."""
    return _swg_ids(user, Action.MANAGE)


def managed_swgs(user: User, swgs: list[Swg]) -> list[Swg]:
    """Of ``swgs``, those in which ``user`` may manage (where a new form or event may go)."""
    return [swg for swg in swgs if may(user, Action.MANAGE, swg)]
