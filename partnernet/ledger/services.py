"""Goals: facilitators set the group's, members their own. The ledger itself is only read."""

import sqlalchemy as sa

from partnernet.errors import DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.ledger.queries import GOALS
from partnernet.models import Goal, Group, User
from partnernet.models.ledger import GOAL_MAX_COUNT
from partnernet.money import MAX_MAJOR_UNITS, precision


class GoalError(DomainError):
    pass


def set_goal(*, group: Group, actor: User, metric: str, target: int | None,
             for_group: bool = False) -> Goal | None:
    """Set (or with `target` None, clear) the actor's own goal, or the group's for everyone.

    `target` is a count, or minor units of the group's currency for value goals.
    """
    membership = get_active_membership(group.id, actor.id)
    if membership is None:
        raise PermissionDenied("Only members of the group have goals in it.")
    if for_group and not membership.is_facilitator:
        raise PermissionDenied("Only the group's facilitators set the group's goals.")
    definition = GOALS.get(metric)
    if definition is None:
        raise GoalError("Unknown goal.", "metric")
    if target is not None:
        ceiling = {"count": GOAL_MAX_COUNT, "percent": 100}.get(
            definition.unit, MAX_MAJOR_UNITS * 10 ** precision(group.currency))
        if target <= 0:
            raise GoalError("Enter a target above zero, or leave it empty for no goal.", metric)
        if target > ceiling and definition.unit == "percent":
            raise GoalError("Enter a share from 1 to 100 (percent).", metric)
        if target > ceiling:
            raise GoalError("That target is beyond reach; check the number.", metric)
    user_id = None if for_group else actor.id
    goal = db.session.scalar(sa.select(Goal).where(
        Goal.group_id == group.id, Goal.metric == metric,
        Goal.user_id.is_(None) if user_id is None else Goal.user_id == user_id))
    if target is None:
        if goal is not None:
            db.session.delete(goal)
            db.session.flush()
        return None
    if goal is None:
        goal = Goal(group_id=group.id, user_id=user_id, metric=metric, target=target,
                    set_by_id=actor.id)
        db.session.add(goal)
    else:
        goal.target, goal.set_by_id = target, actor.id
    db.session.flush()
    return goal
