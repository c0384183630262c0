"""After the show: the sessions archive and the review window of one show."""

from app.ui.review.clips_list import ClipsList
from app.ui.review.review_charts import Figures
from app.ui.review.review_window import ReviewWindow
from app.ui.review.sessions_dialog import SessionsDialog

__all__ = ["ClipsList", "Figures", "ReviewWindow", "SessionsDialog"]
