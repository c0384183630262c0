"""Polls and quizzes: a vote is a comment that is exactly an option's number or letter (any
case, full-width too, whitespace around it at most); one vote per viewer, a later one replacing the
earlier."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.domain.interaction.lottery import InteractionError, Window, check_seconds
from app.domain.interaction.viewers import MAX_VIEWERS, Said, Viewer, ViewerKey
from app.domain.messages import Message

MIN_OPTIONS, MAX_OPTIONS = 2, 6
MAX_QUESTION, MAX_OPTION = 200, 100
_LONGEST_VOTE = 12  # longer text is never a vote: the flood is dismissed by its length alone
# the full-width forms of ASCII (U+FF01 to U+FF5E: "Ａ", "ｂ", "１") stand this far above it
_FULL_WIDTH_FROM, _FULL_WIDTH_TO, _FULL_WIDTH_SHIFT = 0xFF01, 0xFF5E, 0xFEE0


def vote_choice(text: str, options: int) -> int | None:
    """The option (0-based) a comment votes for: exactly its number or letter, any case,
    full-width too, with whitespace around it at most ("2", "b", "B", "Ｂ", "２", " b ",
    "\u3000１"); None for anything else: "b!", "1！", "A.", "【C】", "1 2", "11", "选B"."""
    if len(text) > _LONGEST_VOTE:
        return None
    text = text.strip()  # any whitespace, the ideographic space (U+3000) too
    if len(text) != 1:
        return None
    code = ord(text)
    if _FULL_WIDTH_FROM <= code <= _FULL_WIDTH_TO:
        code -= _FULL_WIDTH_SHIFT
    if code > 0x7F:  # only ASCII from here: "İ" lowers to two characters, "K" (Kelvin) to "k"
        return None
    char = chr(code).lower()
    if "1" <= char <= "9":
        choice = ord(char) - ord("1")
    elif "a" <= char <= "z":
        choice = ord(char) - ord("a")
    else:
        return None
    return choice if choice < options else None


def check_options(
    question: object, options: object, answer: object
) -> tuple[str, tuple[str, ...], int | None]:
    if not isinstance(question, str) or not question.strip():
        raise InteractionError(Message("poll.needs_question"))
    if len(question.strip()) > MAX_QUESTION:
        raise InteractionError(Message("poll.question_too_long", limit=MAX_QUESTION))
    if not isinstance(options, list | tuple) or not all(
        isinstance(o, str) and o.strip() for o in options
    ):
        raise InteractionError(Message("poll.bad_options", low=MIN_OPTIONS, high=MAX_OPTIONS))
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS or any(
        len(o.strip()) > MAX_OPTION for o in options
    ):
        raise InteractionError(Message("poll.bad_options", low=MIN_OPTIONS, high=MAX_OPTIONS))
    if answer is not None and (
        isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(options)
    ):
        raise InteractionError(Message("poll.bad_answer", high=len(options) - 1))
    return question.strip(), tuple(o.strip() for o in options), answer


@dataclass
class Poll(Window):
    """A poll, or a quiz when it has an `answer` (the index of the right option). Votes count
    until `closes_at` when it has a time (steady clock, see Window.time_from)."""

    id: int
    question: str
    options: tuple[str, ...]
    opened_at: float  # wall clock: when it opened
    answer: int | None = None
    seconds: int | None = None
    open: bool = True
    revealed: bool = False
    closed_at: float | None = None  # wall clock: when its votes stopped counting
    counts: list[int] = field(default_factory=list)
    votes: dict[ViewerKey, int] = field(default_factory=dict)
    voters_by_key: dict[ViewerKey, Viewer] = field(default_factory=dict, repr=False)
    # a closed poll resumed from its counts alone (its ballots are in the log): how many voted
    kept_voters: int | None = None
    changes: int = 0  # ballots counted anew or changed: a repeated vote is not one
    closes_at: float | None = None  # steady clock: when votes stop (see Window.time_from)

    def __post_init__(self) -> None:
        self.question, self.options, self.answer = check_options(
            self.question, self.options, self.answer
        )
        self.seconds = check_seconds(self.seconds)
        self.counts = [0] * len(self.options)

    @property
    def quiz(self) -> bool:
        return self.answer is not None

    @property
    def voters(self) -> int:
        return len(self.votes) if self.kept_voters is None else self.kept_voters

    def taking_votes(self, now: float) -> bool:
        """Open and within its time at `now` (steady clock)."""
        return self.open and self.in_time(now)

    def offer(self, comment: Said) -> bool:
        """Count the comment when it is a vote; True when it was."""
        choice = vote_choice(comment.text, len(self.options))
        if choice is None:
            return False
        self.cast(Viewer(comment.platform, comment.user, comment.user_id or None), choice)
        return True

    def cast(self, viewer: Viewer, choice: int) -> bool:
        """Count a viewer's vote for an option (0-based), replacing their earlier one; False
        when it is not counted (no such option, or a newcomer past MAX_VIEWERS)."""
        if isinstance(choice, bool) or not isinstance(choice, int):
            return False
        if not 0 <= choice < len(self.options):
            return False
        key = viewer.key
        before = self.votes.get(key)
        if before == choice:
            return True
        if before is not None:
            self.counts[before] -= 1
        elif len(self.votes) >= MAX_VIEWERS:
            return False
        else:
            self.voters_by_key[key] = viewer
        self.votes[key] = choice
        self.counts[choice] += 1
        self.changes += 1
        return True

    def uncast(self, key: ViewerKey) -> int | None:
        """Take a viewer's vote back out of the counts; the option it was for, or None when
        they had none."""
        choice = self.votes.pop(key, None)
        if choice is None:
            return None
        del self.voters_by_key[key]
        self.counts[choice] -= 1
        self.changes += 1
        return choice

    def withdraw(self, matches: Callable[[Viewer], bool]) -> list[tuple[Viewer, int]]:
        """Take out the votes of the voters `matches` picks (viewers blocked while it is open):
        each with the option it was for. None once closed: its results are logged."""
        if not self.open:
            return []
        gone = [(v, self.votes[k]) for k, v in self.voters_by_key.items() if matches(v)]
        for viewer, _choice in gone:
            self.uncast(viewer.key)
        return gone

    def close(self, at: float) -> None:
        """Stop counting, as of the wall time `at`."""
        if self.open:
            self.open, self.closed_at = False, at

    def ballots(self) -> list[tuple[object, ...]]:
        """Each voter with the option chosen, for the log: [platform, user, user_id, option]."""
        return [(*self.voters_by_key[key].as_log(), choice) for key, choice in self.votes.items()]
