"""Shapes of the agenda API (they check shape; partnernet.meetings.agenda checks the rules)."""

from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String

from partnernet.models.meetings import (
    AGENDA_ITEMS_MAX,
    AGENDA_MINUTES_MAX,
    AGENDA_TITLE_MAX,
    AgendaKind,
)

KINDS = [k.value for k in AgendaKind]
MINUTES_HELP = f"Whole minutes, 1 to {AGENDA_MINUTES_MAX}"
OWNER_HELP = "Who leads the item: a current member's id (their user id), or null for nobody"


# Requests


class AgendaItemIn(Schema):
    title = String(required=True, metadata={
        "description": f"One line, at most {AGENDA_TITLE_MAX} characters"})
    kind = String(load_default=AgendaKind.OTHER.value, metadata={
        "enum": KINDS, "description": "presentations: the members' 60-second round, which run "
                                      "mode cycles through the members present"})
    minutes = Integer(required=True, strict=True, metadata={"description": MINUTES_HELP})
    owner_id = Integer(load_default=None, allow_none=True, strict=True,
                       metadata={"description": OWNER_HELP})


class AgendaItemPatch(Schema):
    """Only the fields sent change."""

    title = String(metadata={"description": f"At most {AGENDA_TITLE_MAX} characters"})
    kind = String(metadata={"enum": KINDS})
    minutes = Integer(strict=True, metadata={"description": MINUTES_HELP})
    owner_id = Integer(allow_none=True, strict=True, metadata={"description": OWNER_HELP})


class AgendaOrderIn(Schema):
    item_ids = List(Integer(strict=True), required=True, metadata={
        "description": "Every item of the agenda, each once, in the new order"})


# Responses


class AgendaEntryOut(Schema):
    id = Integer()
    position = Integer(metadata={"description": "0-based, contiguous"})
    title = String()
    kind = String(metadata={"enum": KINDS})
    minutes = Integer()
    owner_id = Integer(allow_none=True)
    owner_name = String(allow_none=True)


class AgendaItem(AgendaEntryOut):
    """An item returned on its own (see schemas.Group for why it is a class of its own)."""


class Agenda(Schema):
    group_id = Integer()
    meeting_id = Integer(allow_none=True, metadata={
        "description": "null for the group's agenda, which each meeting starts from"})
    own_copy = Boolean(metadata={
        "description": "For a meeting: whether it has its own copy yet. Until it has, `items` "
                       "are the group's (their ids change the group's agenda); adding an item "
                       "or sending an order for the meeting makes its copy first"})
    total_minutes = Integer(metadata={"description": "The items' minutes added up"})
    duration_minutes = Integer(metadata={
        "description": "The meeting's length (the group's usual length for its agenda); "
                       "total_minutes above it means the agenda runs over"})
    items = List(Nested(AgendaEntryOut), metadata={
        "description": f"In order; at most {AGENDA_ITEMS_MAX}"})
