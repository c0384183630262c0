"""The queue in bounded memory: packed open questions asked once, finished questions leaving
memory with exact counts, and a bounded cache of canned-answer suggestions."""

from __future__ import annotations

import pytest

from app.domain.audience import Comment, IncomingComment, QuestionState
from app.domain.question_queue import QuestionError, QuestionQueue
from app.services import audience_views as audience_service
from app.services.show import Show


def _comment(n: int, text: str, user: str = "") -> Comment:
    return Comment(n, "douyin", user or f"u{n}", text, 1000.0 + n, is_question=True)


def test_finished_questions_leave_memory_and_the_counts_stay_exact() -> None:
    queue = QuestionQueue(keep_finished=5)
    for n in range(1, 31):
        queue.add(_comment(n, f"问题{n}？"), f"问题{n}")
    for n in range(1, 21):
        queue.answer(n, "助理", "好")
    for n in range(21, 26):
        queue.dismiss(n, "助理")
    assert queue.counts() == {"open": 5, "claimed": 0, "answered": 20, "dismissed": 5}
    assert [q.id for q in queue.listing("answered")] == [16, 17, 18, 19, 20]  # the latest 5
    assert [q.id for q in queue.listing("dismissed")] == [21, 22, 23, 24, 25]
    assert len(queue.listing("all")) == 15
    with pytest.raises(KeyError):
        queue.get(3)
    assert "问题3" not in queue.by_key  # nothing left pointing at it
    again, fresh = queue.add(_comment(31, "问题3？"), "问题3")
    assert fresh
    assert again.id == 31
    assert again.state is QuestionState.OPEN
    latest, fresh = queue.add(_comment(32, "问题20？"), "问题20")  # answered, still in memory
    assert fresh
    assert latest.id == 32


def test_packed_questions_act_like_any_other() -> None:
    queue = QuestionQueue()
    for n in range(1, 6):
        queue.add(_comment(n, f"问{n}？", "同一个人" if n == 2 else ""), f"问{n}")
    assert queue.packed == 5
    assert queue.counts()["open"] == 5
    assert [q.id for q in queue.listing("open")] == [1, 2, 3, 4, 5]
    copy = queue.get(2)
    assert (copy.text, copy.first_user, copy.first_comment, copy.created_at) == (
        "问2？", "同一个人", 2, 1002.0,
    )  # fmt: skip
    queue.add(_comment(6, "问2？", "同一个人"), "问2")  # the same viewer again: still asked once
    queue.add(_comment(7, "问4?", "别人"), "问4")
    assert [(q.id, q.asked) for q in queue.listing("open")] == [(4, 2), (1, 1), (2, 1), (3, 1),
                                                                (5, 1)]  # fmt: skip
    assert queue.get(2).comment_ids == (2, 6)
    claimed = queue.claim(3, "助理A")
    assert claimed.state is QuestionState.CLAIMED
    assert queue.get(3) is claimed
    with pytest.raises(QuestionError):
        queue.claim(3, "助理B")
    assert queue.mark_featured(5).featured
    assert queue.get(5).featured
    assert [q.id for q in queue.listing("open")] == [4, 1, 2, 5]
    assert queue.packed == 1
    assert queue.counts()["open"] == 4
    assert [q.id for q in queue.listing("all", 2)] == [4, 1]


def test_a_packed_question_keeps_any_text() -> None:
    queue = QuestionQueue()
    odd = "價格?\ud800 <b>&amp;</b> " + "字" * 1990
    queue.add(Comment(1, "平台\u2028", "名字\ud83d", odd, 5.5), "key\udfff")
    [question] = queue.listing("open")
    assert (question.text, question.first_user, question.platform, question.key) == (
        odd, "名字\ud83d", "平台\u2028", "key\udfff",
    )  # fmt: skip


def test_resumed_questions_are_packed_again_and_numbered_after() -> None:
    before = QuestionQueue()
    for n in range(1, 4):
        before.add(_comment(n, f"问{n}？"), f"问{n}")
    before.add(_comment(4, "问1？", "另一人"), "问1")
    before.answer(2, "助理", None)
    kept = [before.get(n) for n in (1, 2, 3)]
    after = QuestionQueue()
    after.restore(kept)
    assert after.packed == 1
    assert after.counts() == {"open": 2, "claimed": 0, "answered": 1, "dismissed": 0}
    assert after.listing("open") == [kept[0], kept[2]]
    question, fresh = after.add(_comment(5, "问2？"), "问2")  # answered: a new one
    assert fresh
    assert question.id == 4


def test_suggestions_are_remembered_for_a_bounded_number_of_questions(
    show: Show, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audience_service, "SUGGESTIONS_KEPT", 10)
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("douyin", f"u{n}", f"第{n}节有回放吗？") for n in range(30)])
    shown = [audience.question_api(q) for q in audience.queue.listing("open")]
    assert len(shown) == 30
    assert all(q["suggestion"]["topic"] == "回放" for q in shown)
    assert len(audience._suggestions) == 10


def _reopen_step(queue: QuestionQueue, model: dict[int, dict[str, object]],
                 latest: dict[str, int], target: int) -> None:  # fmt: skip
    """Reopen `target` as "x" (who does every claim): what the queue allows, the model
    expects, and the question joins again what its key brings."""
    entry = model.get(target)
    before = entry["state"] if entry else None
    waiting_twin = entry is not None and any(
        other["key"] == entry["key"] and other["state"] in ("open", "claimed")
        for qid, other in model.items() if qid != target
    )  # fmt: skip
    refused = forgotten = False
    try:
        queue.reopen(target, "x")
    except KeyError:
        forgotten = True
    except QuestionError:
        refused = True
    if forgotten:
        assert before in (None, "answered", "dismissed")  # unknown, or left memory
        return
    if refused:
        assert before == "answered" or (before == "dismissed" and waiting_twin)
        return
    assert entry is not None
    assert before in ("open", "claimed", "dismissed")
    assert not waiting_twin or before != "dismissed"
    entry["state"] = "open"
    latest[str(entry["key"])] = target


def test_the_queue_agrees_with_a_plain_model() -> None:
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    steps = st.lists(st.tuples(st.sampled_from("aaaacdxfrr"), st.integers(0, 7),
                               st.integers(0, 4)), max_size=80)  # fmt: skip

    @settings(max_examples=300, deadline=None)
    @given(steps)
    @example([("a", 0, 0), ("d", 0, 0), ("a", 0, 1), ("r", 0, 0)])  # asked again since
    @example([("a", 0, 0), ("a", 1, 1), ("c", 0, 0), ("r", 0, 0), ("a", 0, 2)])  # given back
    def check(ops: list[tuple[str, int, int]]) -> None:
        queue = QuestionQueue(keep_finished=2)
        model: dict[int, dict[str, object]] = {}  # id → state, key, askers
        latest: dict[str, int] = {}
        for n, (op, key, user) in enumerate(ops, start=1):
            if op == "a":
                question, fresh = queue.add(_comment(n, f"q{key}", f"u{user}"), f"q{key}")
                known = latest.get(f"q{key}")
                if known is not None and model[known]["state"] in ("open", "claimed"):
                    assert not fresh
                    assert question.id == known
                    model[known]["askers"].add(f"u{user}")  # type: ignore[attr-defined]
                else:
                    assert fresh
                    latest[f"q{key}"] = question.id
                    model[question.id] = {"state": "open", "askers": {f"u{user}"},
                                          "key": f"q{key}"}  # fmt: skip
                continue
            target = key + 1
            if op == "r":
                _reopen_step(queue, model, latest, target)
                continue
            try:
                if op == "c":
                    queue.claim(target, "x")
                    model[target]["state"] = "claimed"
                elif op == "d":
                    queue.dismiss(target, "x")
                    model[target]["state"] = "dismissed"
                elif op == "f":
                    assert queue.mark_featured(target).featured
                else:
                    queue.answer(target, "x", "ok")
                    model[target]["state"] = "answered"
            except (KeyError, QuestionError):
                pass
        waiting = sorted(
            ((-len(q["askers"]), qid) for qid, q in model.items() if q["state"] == "open"),  # type: ignore[arg-type]
        )
        assert [(-q.asked, q.id) for q in queue.listing("open")] == waiting
        assert queue.listing("open", 3) == queue.listing("open")[:3]
        counts = {s: sum(q["state"] == s for q in model.values()) for s in
                  ("open", "claimed", "answered", "dismissed")}  # fmt: skip
        assert queue.counts() == counts
        assert len(queue.listing("answered")) == min(2, counts["answered"])

    check()


def test_a_crowded_bucket_lists_its_first_in_order_as_questions_leave_it() -> None:
    """600 questions asked twice wait in one bucket; as assistants claim them in no order (the
    bucket's heap keeps ids that left, then is rebuilt), the top and any first few are still
    the first asked of those waiting, the same as the whole listing's head."""
    import random

    queue = QuestionQueue()
    for n in range(1, 601):
        queue.add(_comment(n, f"q{n}"), f"q{n}")
    for n in range(1, 601):
        queue.add(_comment(1000 + n, f"q{n}", "another"), f"q{n}")
    waiting = list(range(1, 601))
    rng = random.Random(7)
    for step in range(580):
        target = waiting.pop(rng.randrange(len(waiting)))
        queue.claim(target, "assistant")
        top = queue.top()
        assert top is not None
        assert top.id == waiting[0]
        if step % 25 == 0:
            few = [q.id for q in queue.listing("open", 7)]
            assert few == waiting[:7] == [q.id for q in queue.listing("open")][:7]
    bucket = queue.open_by_asked[2]
    assert sorted(bucket.questions) == waiting
    assert len(bucket._heap) <= 2 * len(waiting) + 64  # ids that left do not pile up


def test_a_dismissed_question_is_reopened_where_it_was_and_joins_its_askers_again() -> None:
    queue = QuestionQueue()
    for n, key in enumerate(["价格", "价格", "价格", "回放", "发货"], start=1):
        queue.add(_comment(n, f"{key}？", f"u{n}"), key)
    price = queue.by_key["价格"]
    queue.dismiss(price, "小王")
    assert [q.key for q in queue.listing("open")] == ["回放", "发货"]
    assert queue.counts()["dismissed"] == 1
    reopened = queue.reopen(price, "小王")
    assert reopened.state is QuestionState.OPEN
    assert (reopened.asked, reopened.claimed_by) == (3, None)
    assert [q.key for q in queue.listing("open")] == ["价格", "回放", "发货"]  # most asked first
    assert queue.counts() == {"open": 3, "claimed": 0, "answered": 0, "dismissed": 0}
    again, fresh = queue.add(_comment(9, "价格？", "u9"), "价格")
    assert (again.id, fresh, again.asked) == (price, False, 4)


def test_a_claim_is_given_back_only_by_its_claimer_and_an_answer_stays() -> None:
    queue = QuestionQueue()
    first, _ = queue.add(_comment(1, "有回放吗"), "回放")
    queue.claim(first.id, "小王")
    with pytest.raises(QuestionError) as refused:
        queue.reopen(first.id, "小李")
    assert refused.value.message.code == "question.answering"
    assert queue.reopen(first.id, "小王").state is QuestionState.OPEN
    assert queue.counts()["claimed"] == 0
    queue.answer(first.id, "小李", "有的")
    with pytest.raises(QuestionError) as answered:
        queue.reopen(first.id, "小李")
    assert answered.value.message.code == "question.answered"


def test_a_refusal_names_the_question_by_what_was_asked_not_by_its_id() -> None:
    """The id is the database's: the one who reads the refusal knows the question by its text,
    quoted, on one line, elided past 30 characters."""
    queue = QuestionQueue()
    for n in range(1, 3):
        queue.dismiss(queue.add(_comment(n, f"别的问题{n}"), f"别的{n}")[0].id, "小王")
    long, _ = queue.add(_comment(3, "这门课\n有没有回放？" + "可以反复看吗" * 5), "回放")
    queue.dismiss(long.id, "小王")
    with pytest.raises(QuestionError) as refused:
        queue.mark_featured(long.id)
    said = str(refused.value.message)
    assert said == (
        "the question “这门课 有没有回放？可以反复看吗可以反复看吗可以反复看吗可…” was dismissed: "
        "reopen it to put it on screen"
    )
    assert str(long.id) not in said
    short, _ = queue.add(_comment(4, "多少钱？"), "价格")
    queue.claim(short.id, "小王")
    with pytest.raises(QuestionError) as claimed:
        queue.claim(short.id, "小李")
    assert str(claimed.value.message) == "小王 is already answering the question “多少钱？”"
    queue.answer(short.id, "小王", "199")
    with pytest.raises(QuestionError) as finished:
        queue.claim(short.id, "小李")
    assert str(finished.value.message) == "the question “多少钱？” is already answered"


def test_a_question_asked_again_after_its_dismissal_is_not_reopened_beside_it() -> None:
    queue = QuestionQueue()
    old, _ = queue.add(_comment(1, "多少钱"), "价格")
    queue.dismiss(old.id, "小王")
    new, fresh = queue.add(_comment(2, "多少钱？"), "价格")
    assert fresh
    with pytest.raises(QuestionError) as refused:
        queue.reopen(old.id, "小王")
    assert refused.value.message.code == "question.asked_again"
    assert refused.value.message.params == {"question": "多少钱"}
    assert [q.id for q in queue.listing("open")] == [new.id]


def test_the_latest_worked_on_are_listed_first_when_asked() -> None:
    """The assistants' panel shows the few questions just claimed or answered, not the most
    asked of the whole show; a resumed queue (filled in id order) goes by the times kept."""
    queue = QuestionQueue()
    for n in range(1, 9):
        queue.add(_comment(n, f"问题{n}？"), f"问题{n}")
    queue.add(_comment(9, "问题8？"), "问题8")  # the most asked
    for n, at in ((8, 50.0), (2, 10.0), (5, 30.0)):
        queue.answer(n, "小王", "好", now=at)
    for n, at in ((3, 20.0), (1, 40.0)):
        queue.claim(n, "小李", now=at)
    for n in (6, 4):
        queue.dismiss(n, "小李")
    assert [q.id for q in queue.listing("answered")] == [8, 2, 5]  # most asked, then oldest
    assert [q.id for q in queue.listing("answered", latest=True)] == [8, 5, 2]
    assert [q.id for q in queue.listing("answered", 2, latest=True)] == [8, 5]
    assert [q.id for q in queue.listing("claimed", latest=True)] == [1, 3]
    assert [q.id for q in queue.listing("dismissed", 1, latest=True)] == [4]
    resumed = QuestionQueue()
    resumed.restore(sorted(queue.listing("answered"), key=lambda q: q.id))
    assert [q.id for q in resumed.listing("answered", latest=True)] == [8, 5, 2]
    with pytest.raises(ValueError, match="by rank"):
        queue.listing("open", latest=True)
