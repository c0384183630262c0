"""The run-sheet's `interaction` cells, opened through the interaction service when their
segments are cued (app/domain/interaction/cue.py reads a cell).

- A check-in cued while another is open replaces it: the open one closes (its viewers are
  logged, and the attendance export counts each viewer at their first check-in), so a sheet
  with 签到 at the start and 签到：打卡 for the second half runs as written. A lottery cued while
  another is open is refused (a lottery ends with its draw, which is the host's to make on air);
  `runsheet check` and pre-flight warn of such a sheet. A poll replaces the open one, as ever.
- Cueing again a segment whose own interaction is still open (back with Previous, Go to) leaves
  it open, taking entries, votes or viewers as before, and says so in a note, not a warning.
- Start show ends what the cues opened before it (a rehearsal: cueing through the sheet, then
  back to its start), but for what the live segment's own cue opened: that segment carries into
  the show, with its lottery, poll or check-in (logged there, `carried_in`), as it counts in the
  show from its start while the segments cued before it do not. The rest closes outside the show
  (a lottery without a draw) and is forgotten, so the show's own cues open them afresh. What was
  opened by hand carries in, as a card put up by hand does.
"""

from __future__ import annotations

from typing import Any

from app.domain.interaction.cue import InteractionCue, parse_cue
from app.domain.interaction.lottery import InteractionError
from app.domain.messages import Message
from app.services.errors import BadInput
from app.services.interaction import Interaction

REHEARSAL = "rehearsal"  # the reason logged with what a rehearsal left open, closed at Start show
# a check-in closed by the next one a cue opens
REPLACED = "replaced"


def kind_of(cue: InteractionCue) -> str:
    """The interaction service's kind of what a cue opens (a quiz is a poll)."""
    return "poll" if cue.kind == "quiz" else cue.kind


class InteractionCues:
    def __init__(self, interaction: Interaction) -> None:
        self.interaction = interaction
        # segment index -> (kind, id) its cue opened, for the sheet loaded (resume keeps it)
        self._by_segment: dict[int, tuple[str, int]] = {}
        # what cues opened since a show last started or ended: a rehearsal's, if the next show
        # does not start on it
        self._opened: list[tuple[str, int]] = []

    def sheet_loaded(self) -> None:
        self._by_segment.clear()

    def open(self, index: int, cell: str) -> Message | None:
        """Open what segment `index`'s cell says; a note (no warning) when the segment's own is
        open still and goes on. Refusals raise, as the service's do (BadInput, WrongState)."""
        try:
            cue = parse_cue(cell)
        except InteractionError as exc:  # checked on load; a sheet made without the codec
            raise BadInput(exc.message) from None
        kind = kind_of(cue)
        self.interaction.close_due()  # a poll whose time is up is not open any more
        mine = self._by_segment.get(index)
        if mine is not None and mine[0] == kind and self.interaction.is_open(*mine):
            return _still_open(cue)
        service = self.interaction
        if cue.kind == "lottery":
            made = service.open_lottery(cue.keyword, cue.winners, cue.seconds,
                                        cue.exclude_previous_winners).id  # fmt: skip
        elif cue.kind == "checkin":
            checkin = service.state().checkin
            if checkin is not None and checkin.open:
                service.close_checkin(reason=REPLACED)
            made = service.open_checkin(cue.keyword).id
        else:
            made = service.open_poll(cue.question, list(cue.options), cue.seconds, cue.answer).id
        self._by_segment[index] = (kind, made)
        self._opened.append((kind, made))
        return None

    def end_rehearsal(self, live: int | None) -> list[tuple[str, int]]:
        """Start show, with segment `live` live (None: none, the sheet runs from its start):
        close what cues opened before it and forget it, but for the live segment's own; those
        forgotten (kind, id), whose cards come down."""
        opened, self._opened = self._opened, []
        kept = None if live is None else self._by_segment.get(live)
        dropped = [x for x in opened if x != kept]
        self._by_segment = {i: x for i, x in self._by_segment.items() if x not in dropped}
        return [(kind, made) for kind, made in dropped
                if self.interaction.drop_before_show(kind, made, REHEARSAL)]  # fmt: skip

    def show_ended(self) -> None:
        """What the show's cues opened ended with it (End show): none of it is a rehearsal's."""
        self._opened.clear()

    # ----- resume ----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, list[Any]]:
        return {str(i): [kind, made] for i, (kind, made) in self._by_segment.items()}

    def restore(self, saved: object) -> None:
        """What the segments' cues had opened (a state kept before it: nothing is known)."""
        self._by_segment = {}
        if not isinstance(saved, dict):
            return
        for index, pair in saved.items():
            if (isinstance(index, str) and index.isdigit() and isinstance(pair, list)
                    and len(pair) == 2 and isinstance(pair[0], str)
                    and isinstance(pair[1], int) and not isinstance(pair[1], bool)):  # fmt: skip
                self._by_segment[int(index)] = (pair[0], pair[1])


def _still_open(cue: InteractionCue) -> Message:
    if cue.kind == "lottery":
        return Message("runner.lottery_still_open", keyword=cue.keyword or "")
    if cue.kind == "checkin":
        return Message("runner.checkin_still_open", keyword=cue.keyword or "")
    return Message("runner.poll_still_open", question=cue.question or "")
