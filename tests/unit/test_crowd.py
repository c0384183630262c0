"""A question's askers: each counted once whether the crowd is still a short list or has grown
past SMALL_CROWD into a set, and the same when a saved question is read back."""

from __future__ import annotations

from app.domain.audience import SMALL_CROWD, Question


def test_each_asker_counts_once_before_and_after_the_crowd_grows() -> None:
    question = Question(1, "价格", "多少钱？", 0.0, "douyin", "u0", 1)
    users = [f"u{n % (SMALL_CROWD * 3)}" for n in range(SMALL_CROWD * 9)]  # each one thrice
    new = [question.join(10 + n, user) for n, user in enumerate(users)]
    distinct = SMALL_CROWD * 3  # u0 (the first asker) among them
    assert question.asked == distinct
    assert sum(new) == distinct - 1
    assert question.askers == tuple(f"u{n}" for n in range(distinct))
    assert len(question.comment_ids) == 1 + len(users)  # every comment kept, repeats too
    assert question.crowd is not None
    assert question.crowd.seen is not None  # past SMALL_CROWD: told apart by a set
    assert not question.join(999, "u5")
    assert question.join(1000, "new")
    assert question.asked == distinct + 1


def test_a_small_crowd_has_no_set_and_a_saved_one_reads_back_the_same() -> None:
    question = Question(1, "回放", "有回放吗", 0.0, "bilibili", "a", 1)
    for n, user in enumerate(["b", "a", "c", "b"]):
        question.join(2 + n, user)
    assert (question.asked, question.askers) == (3, ("a", "b", "c"))
    assert question.crowd is not None
    assert question.crowd.seen is None
    askers = ["a", "b", "a", *[f"v{n}" for n in range(SMALL_CROWD + 2)], "b"]
    restored = Question.restored(1, "回放", "有回放吗", 0.0, "bilibili", list(range(1, 15)), askers)
    assert restored.asked == 2 + SMALL_CROWD + 2
    assert restored.askers == ("a", "b", *[f"v{n}" for n in range(SMALL_CROWD + 2)])
    assert restored.join(99, "v3") is False
    assert restored.join(100, "w") is True
