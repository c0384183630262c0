"""Interaction on air: the lottery (口令抽奖), polls and quizzes, check-in (签到), and the
run-sheet's cue that opens one. Pure: the service (app/services/interaction.py) feeds comments in
and logs what they decide."""
