"""The offer to resume names what was open of the show's interaction, counted from the kept
state; a damaged part counts as none."""

from __future__ import annotations

from typing import Any

from app.domain.resume import summarize

SESSION = (7, "福袋专场", 1000.0)


def _state(interaction: object) -> dict[str, Any]:
    return {"runsheet": {}, "overlays": {}, "interaction": interaction}


def test_an_open_lottery_poll_and_check_in_are_counted() -> None:
    interaction = {
        "lottery": {"keyword": "666", "entrants": [["douyin", "a", None]] * 3, "drawn": None},
        "poll": {"open": True, "ballots": [["douyin", "a", None, 1]] * 2},
        "checkin": {"open": True, "present": [["douyin", "a", None, 1.0]] * 5},
    }
    summary = summarize(SESSION, _state(interaction), 1100.0, 1130.0, 0)
    assert (summary.lottery_keyword, summary.lottery_entrants) == ("666", 3)
    assert summary.poll_votes == 2
    assert summary.checkin_present == 5
    assert summary.as_api()["lottery_entrants"] == 3


def test_what_was_over_or_damaged_is_not_named() -> None:
    interaction = {
        "lottery": {"keyword": "666", "entrants": [], "drawn": {"winners": []}},
        "poll": {"open": False, "ballots": []},
        "checkin": "garbage",
    }
    summary = summarize(SESSION, _state(interaction), 1100.0, 1130.0, 0)
    assert summary.lottery_entrants is None
    assert summary.poll_votes is None
    assert summary.checkin_present is None
    for broken in (None, [], "x", {"lottery": 5}):
        assert summarize(SESSION, _state(broken), 1100.0, 1130.0, 0).lottery_entrants is None
