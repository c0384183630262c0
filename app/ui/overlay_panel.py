"""The overlays from the console: the product card, the coupon countdown, the featured comment,
the thanks alerts (gifts, memberships, super chats and follows; off until turned on), and a
preview of what is on stream. While the panel is on screen, Ctrl+P shows (or hides) the
selected product, Ctrl+K starts (or stops) the selected coupon, Ctrl+E adds 30 s to the countdown
and Ctrl+Shift+F clears the featured comment."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import rules
from app.domain.catalog import Catalog
from app.domain.countdown import countdown_text
from app.domain.overlay_view import FeaturedComment, price_text
from app.runtime.tasks import TaskRunner
from app.services.overlays import EXTEND_S
from app.services.show import Show
from app.services.state import OverlaySlice
from app.ui.host_view import set_tone
from app.ui.keymap import BoundKeys, Keymap
from app.ui.platform_names import platform_name
from app.ui.widgets import LivePanel

PLATFORMS = ("manual", "douyin", "bilibili", "youtube", "twitch")
REFRESH_MS = 200
ORIGIN = "console"
ON_SCREEN = "●"
RenderPreview = Callable[[dict[str, Any]], QImage | None]

_STYLE = """
QLabel[tone="urgent"] { color: #d32f2f; font-weight: bold; }
QLabel[tone="paused"] { color: #9e9e9e; }
QLabel#previewImage { background: #202020; }
"""


class OverlayPanel(LivePanel):
    """Acts on `show.overlays` through the TaskRunner; shows the overlay slice of `show.state()`
    (what is on stream, the catalog to choose from). `render_preview(view)` draws the slice's
    `view` as the stream shows it (the native card renderer); without it, or when it returns
    None, the preview is text.
    `key_scope`: the window whose shortcuts act (the main window); the panel itself when None.
    `keymap`: the live keys (the defaults when None).
    """

    def __init__(
        self,
        show: Show,
        runner: TaskRunner,
        render_preview: RenderPreview | None = None,
        *,
        key_scope: QWidget | None = None,
        keymap: Keymap | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._show, self._tasks, self._render = show, runner, render_preview
        self._key_scope = key_scope or self
        self._keys = BoundKeys(keymap or Keymap())
        self._catalog_shown: tuple[Any, ...] | None = None  # what the lists show
        self._marks_shown: tuple[str | None, str | None] | None = None  # (product, coupon)
        self._view_shown: dict[str, Any] | None = None
        self._image: QImage | None = None
        self.setStyleSheet(_STYLE)

        self.product_list = _list([self.tr("Product"), self.tr("Price"), self.tr("Stock")])
        self.product_list.setToolTip(
            self.tr("Click (or Enter) to show a product's card; click the one on screen to hide it")
        )
        self.product_list.itemClicked.connect(lambda *_: self.toggle_selected_product())
        enter = QShortcut(self.product_list)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.setKeys([QKeySequence("Return"), QKeySequence("Enter")])
        enter.activated.connect(self.toggle_selected_product)

        self.coupon_list = _list([self.tr("Coupon"), self.tr("Title"), self.tr("Time")])
        self.coupon_list.setToolTip(self.tr("Select a coupon, then Start"))
        self.coupon_list.currentItemChanged.connect(lambda *_: self.refresh())
        # the minimum (one below the rules' shortest countdown) stands for the coupon's own time
        self.seconds_spin = QSpinBox(suffix=self.tr(" s"))
        self.seconds_spin.setRange(rules.MIN_COUPON_S - 1, rules.MAX_COUPON_S)
        self.seconds_spin.setSpecialValueText(self.tr("Coupon's own time"))
        self.seconds_spin.setToolTip(self.tr("Run the countdown this long instead of its own time"))
        tip = self.tr("Start the selected coupon's countdown")
        self.start_coupon_button = self._button(self.tr("Start"), self.start_selected_coupon, tip)
        tip = self.tr("End the coupon countdown now")
        self.stop_coupon_button = self._button(self.tr("Stop"), self.stop_coupon, tip)
        tip = self.tr("Add {n} seconds to the countdown").format(n=EXTEND_S)
        extend = self.tr("+{n} s").format(n=EXTEND_S)
        self.extend_button = self._button(extend, self.extend_coupon, tip)

        self.viewer_edit = QLineEdit(placeholderText=self.tr("Viewer"))
        self.comment_edit = QLineEdit(placeholderText=self.tr("Comment or question to show"))
        send = QShortcut(self.comment_edit)  # Enter in the comment field features it
        send.setContext(Qt.ShortcutContext.WidgetShortcut)
        send.setKeys([QKeySequence("Return"), QKeySequence("Enter")])
        send.activated.connect(self.feature)
        self.platform_combo = QComboBox()
        for platform in PLATFORMS:  # by the names viewers know (抖音, B站); the id as data
            self.platform_combo.addItem(platform_name(platform), platform)
        tip = self.tr("Put this comment on screen; {key} in the comment field does too")
        tip = tip.format(key=QKeySequence("Enter").toString(QKeySequence.SequenceFormat.NativeText))
        self.feature_button = self._button(self.tr("Feature"), self.feature, tip)
        tip = self.tr("Take the featured comment off screen")
        self.clear_featured_button = self._button(self.tr("Clear"), self.clear_featured, tip)

        self.thanks_check = QCheckBox(self.tr("Gift alerts"))  # short: the panel stays narrow
        tip = self.tr("Show each gift, membership, super chat and follow on stream for a few "
                      "seconds, with the latest supporters")  # fmt: skip
        self.thanks_check.setToolTip(tip)
        self.thanks_check.toggled.connect(self.set_thanks)

        self._previews = (_plain_label(), _plain_label(), _plain_label(), _plain_label())
        self.preview_product, self.preview_coupon, self.preview_featured = self._previews[:3]
        self.preview_thanks = self._previews[3]
        self.preview_image = QLabel()
        self.preview_image.setObjectName("previewImage")
        self.preview_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_image.setMinimumSize(128, 72)
        self.preview_image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview_stack = QStackedWidget()

        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._side = QBoxLayout(QBoxLayout.Direction.TopToBottom)  # featured comment, preview
        self._wants_low = False
        self._lay_out()
        self._shortcuts = [
            self._shortcut("overlay.product", self.toggle_selected_product, self.product_list),
            self._shortcut("overlay.coupon", self.toggle_selected_coupon, self.start_coupon_button),
            self._shortcut("overlay.extend", self.extend_button.click, self.extend_button),
            self._shortcut("overlay.stop_coupon", self.stop_coupon, self.stop_coupon_button),
            self._shortcut(
                "overlay.clear_featured", self.clear_featured, self.clear_featured_button
            ),
        ]
        self._ticker = QTimer(self, interval=REFRESH_MS)
        self._ticker.timeout.connect(self.refresh)
        self.refresh()

    def _lay_out(self) -> None:
        self.preview_stack.addWidget(_column(*self._previews))
        self.preview_stack.addWidget(self.preview_image)
        coupon_cells = [(self.coupon_list, 0, 0, 3), (self.seconds_spin, 1, 0, 3)]
        coupon_cells += [(self.start_coupon_button, 2, 0, 1), (self.stop_coupon_button, 2, 1, 1)]
        coupon_cells += [(self.extend_button, 2, 2, 1)]
        featured_cells = [(self.viewer_edit, 0, 0, 1), (self.platform_combo, 0, 1, 1)]
        featured_cells += [(self.comment_edit, 1, 0, 2), (self.feature_button, 2, 0, 1)]
        featured_cells += [(self.clear_featured_button, 2, 1, 1)]
        self._layout.setContentsMargins(4, 4, 4, 4)
        first = QVBoxLayout()  # the thanks switch under the products: where there is room
        first.addWidget(_group(self.tr("Product card"), [(self.product_list, 0, 0, 1)]), 1)
        first.addWidget(self.thanks_check)
        self._layout.addLayout(first, 1)
        self._layout.addWidget(_group(self.tr("Coupon countdown"), coupon_cells), 1)
        featured = _group(self.tr("Featured comment"), featured_cells)
        featured.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._side.addWidget(featured, 0, Qt.AlignmentFlag.AlignTop)
        self._side.addWidget(_group(self.tr("On stream"), [(self.preview_stack, 0, 0, 1)]), 1)
        self._layout.addLayout(self._side, 1)

    @property
    def low(self) -> bool:
        return self._side.direction() == QBoxLayout.Direction.LeftToRight

    def set_low(self, low: bool) -> None:
        """Low: the featured comment and the stream's preview side by side rather than one above
        the other, four columns instead of three, while the panel lies across (docked above or
        below the centre): about 100 px less height for about 300 px more width, for a short
        screen such as a 1366×768 laptop's."""
        self._wants_low = low
        self._arrange_side()

    def _arrange_side(self) -> None:
        across = self._layout.direction() == QBoxLayout.Direction.LeftToRight
        low = self._wants_low and across
        self._side.setDirection(
            QBoxLayout.Direction.LeftToRight if low else QBoxLayout.Direction.TopToBottom
        )
        self._side.setStretch(0, 1 if low else 0)
        self._layout.setStretch(0, 3 if low else 1)  # the products' names first
        self._layout.setStretchFactor(self._side, 2 if low else 1)

    def set_orientation(self, orientation: Qt.Orientation) -> None:
        """Side by side (docked at the top or bottom) or stacked (docked at a side)."""
        across = orientation == Qt.Orientation.Horizontal
        direction = QBoxLayout.Direction.LeftToRight if across else QBoxLayout.Direction.TopToBottom
        self._layout.setDirection(direction)
        self._arrange_side()

    def _button(self, text: str, slot: Callable[[], object], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _shortcut(self, name: str, action: Callable[[], object], shown_on: QWidget) -> QShortcut:
        """Live action `name`'s key runs `action` in the key scope's window (not while a text field
        has focus); `shown_on`'s tooltip says so."""
        shortcut = QShortcut(self._key_scope)
        shortcut.setAutoRepeat(False)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setEnabled(False)  # on while the panel is shown
        return self._keys.bind(name, shortcut, shown_on, action=action)

    def set_keymap(self, keymap: Keymap) -> None:
        """New keys (the settings changed): the shortcuts and tooltips follow at once."""
        self._keys.rebind(keymap)

    # ----- state in ----------------------------------------------------------------------------
    def marked_product(self) -> str | None:
        """The SKU the list marks as on screen (for tests and other views)."""
        return _marked(self.product_list)

    def update_state(self, overlay: OverlaySlice) -> None:
        self._fill(overlay.catalog)
        running = overlay.coupon.code if overlay.coupon else None
        self._mark(overlay.product, running)
        self.start_coupon_button.setEnabled(self.coupon_list.currentItem() is not None)
        self.stop_coupon_button.setEnabled(running is not None)
        self.extend_button.setEnabled(running is not None)
        self.clear_featured_button.setEnabled(overlay.featured is not None)
        if self.thanks_check.isChecked() != overlay.thanks.on:
            self.thanks_check.blockSignals(True)  # the state, not a click: nothing to do
            self.thanks_check.setChecked(overlay.thanks.on)
            self.thanks_check.blockSignals(False)
        if overlay.view is not None:
            self._show_preview(dict(overlay.view))

    def refresh(self) -> None:
        self.update_state(self._show.state().overlay)

    def _fill(self, catalog: Catalog) -> None:
        shown = (catalog.products, catalog.coupons)
        if shown == self._catalog_shown:
            return
        self._catalog_shown, self._marks_shown = shown, None
        products = []
        for p in catalog.products:
            stock = "" if p.stock is None else str(p.stock)
            columns = [p.name or p.sku, price_text(p.price) or "—", stock]
            products.append((p.sku, columns, f"{p.sku} · {p.name}"))
        _fill_tree(self.product_list, products)
        coupons = []
        for c in catalog.coupons:
            columns = [c.code, c.title, countdown_text(c.seconds)]  # as the countdown shows it
            coupons.append((c.code, columns, f"{c.title} {c.discount}"))
        _fill_tree(self.coupon_list, coupons)

    def _mark(self, product: str | None, coupon: str | None) -> None:
        if (product, coupon) == self._marks_shown:
            return
        self._marks_shown = (product, coupon)
        for tree, on in ((self.product_list, product), (self.coupon_list, coupon)):
            for row in range(tree.topLevelItemCount()):
                item = tree.topLevelItem(row)
                if item is None:
                    continue
                live = on is not None and _key(item) == on
                item.setText(0, ON_SCREEN if live else "")
                item.setToolTip(0, self.tr("On screen") if live else "")
                font = item.font(1)
                font.setBold(live)
                item.setFont(1, font)

    def _show_preview(self, view: dict[str, Any]) -> None:
        key = dict(view)
        if key["coupon"] is not None:  # redraw when the clock's text changes, not every tick
            key["coupon"] = {k: v for k, v in key["coupon"].items() if k != "remaining_s"}
        if key == self._view_shown:
            return
        self._view_shown = key
        self._show_summary(view)
        image = self._render(view) if self._render is not None else None
        self._image = image if image is not None and not image.isNull() else None
        self.preview_stack.setCurrentIndex(0 if self._image is None else 1)
        self._scale_image()

    def _show_summary(self, view: dict[str, Any]) -> None:
        """Plain-text labels: a viewer's `<b>` is shown as typed, never as markup."""
        p, c, f = view["product"], view["coupon"], view["featured"]
        product = f"▣ {p['name']}  {p['price'] or ''}".rstrip() if p else self.tr("No product card")
        self.preview_product.setText(product)
        text, tone = self.tr("No coupon countdown"), ""
        if c:
            text = f"% {c['title']} {c['discount']}  {c['clock']}"
            text += self.tr(" (paused)") if c["paused"] else ""
            tone = "paused" if c["paused"] else "urgent" if c["urgent"] else ""
        self.preview_coupon.setText(text)
        set_tone(self.preview_coupon, tone)
        featured = f"“{f['text']}” — {f['user']} ({f['platform']})" if f else None
        self.preview_featured.setText(featured or self.tr("No featured comment"))
        thanks = view.get("thanks")
        alert = thanks.get("alert") if thanks else None
        line = f"♥ {alert['title']} {alert['user']} {alert['action']}" if alert else None
        self.preview_thanks.setText(line or self.tr("No thanks alert"))

    def _scale_image(self) -> None:
        if self._image is None:
            self.preview_image.clear()
            return
        size, keep = self.preview_image.size(), Qt.AspectRatioMode.KeepAspectRatio
        scaled = self._image.scaled(size, keep, Qt.TransformationMode.SmoothTransformation)
        self.preview_image.setPixmap(QPixmap.fromImage(scaled))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_image()

    # ----- actions out -------------------------------------------------------------------------
    def _act(self, action: Callable[[], object], name: str) -> None:
        async def act() -> None:
            action()

        self._tasks.run(act(), name=name)

    def toggle_selected_product(self) -> None:
        """Show the selected product's card, or hide it when it is the one on screen (Ctrl+P)."""
        sku, overlays = _key(self.product_list.currentItem()), self._show.overlays
        if sku is not None and overlays.product == sku:
            self._act(lambda: overlays.hide_product(origin=ORIGIN), "product-hide")
        elif sku is not None:
            self._act(lambda: overlays.show_product(sku, origin=ORIGIN), "product-show")

    def toggle_selected_coupon(self) -> None:
        """Stop the selected coupon when it runs, else start it (Ctrl+K)."""
        overlays, code = self._show.overlays, _key(self.coupon_list.currentItem())
        if code is not None and overlays.countdown is not None and overlays.coupon_code == code:
            self.stop_coupon()
        else:
            self.start_selected_coupon()

    def start_selected_coupon(self) -> None:
        """Start the selected coupon (replacing a running one), for the spin box's time if set."""
        code = _key(self.coupon_list.currentItem())
        if code is None:
            return
        overlays, seconds = self._show.overlays, self.seconds_spin.value() or None
        self._act(lambda: overlays.start_coupon(code, seconds, origin=ORIGIN), "coupon-start")

    def stop_coupon(self) -> None:
        self._act(lambda: self._show.overlays.stop_coupon(origin=ORIGIN), "coupon-stop")

    def extend_coupon(self) -> None:
        overlays = self._show.overlays
        self._act(lambda: overlays.extend_coupon(EXTEND_S, origin=ORIGIN), "coupon-extend")

    def feature(self) -> None:
        user, text = self.viewer_edit.text().strip(), self.comment_edit.text()
        platform = str(self.platform_combo.currentData() or self.platform_combo.currentText())
        comment = FeaturedComment(user, text, platform)
        self._act(lambda: self._show.overlays.feature(comment, origin=ORIGIN), "featured-show")

    def clear_featured(self) -> None:
        self._act(lambda: self._show.overlays.unfeature(origin=ORIGIN), "featured-hide")

    def set_thanks(self, on: bool) -> None:
        """Turn the thanks overlay on or off (the check box)."""
        overlays = self._show.overlays
        if on:
            self._act(lambda: overlays.show_thanks(origin=ORIGIN), "thanks-show")
        else:
            self._act(lambda: overlays.hide_thanks(origin=ORIGIN), "thanks-hide")


def _list(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAllColumnsShowFocus(True)
    tree.setMinimumHeight(60)
    tree.setMinimumWidth(tree.fontMetrics().horizontalAdvance("M" * 17))  # a name shows
    tree.setHeaderLabels(["", *headers])
    tree.header().setStretchLastSection(False)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return tree


def _group(title: str, cells: list[tuple[QWidget, int, int, int]]) -> QGroupBox:
    """A titled box with widgets on a grid: (widget, row, column, columns spanned)."""
    grid = QGridLayout(box := QGroupBox(title))
    for widget, row, column, span in cells:
        grid.addWidget(widget, row, column, 1, span)
    return box


def _column(*labels: QLabel) -> QWidget:
    lines = QVBoxLayout(widget := QWidget())
    lines.setContentsMargins(0, 0, 0, 0)
    for label in labels:
        lines.addWidget(label)
    lines.addStretch(1)
    return widget


def _plain_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _fill_tree(tree: QTreeWidget, rows: list[tuple[str, list[str], str]]) -> None:
    """Rows of (key, column texts, tooltip); the selection stays on the same key."""
    selected = _key(tree.currentItem())
    tree.blockSignals(True)
    tree.clear()
    for key, texts, tip in rows:
        item = QTreeWidgetItem(["", *texts])
        item.setData(0, Qt.ItemDataRole.UserRole, key)
        # a catalog's names are file text: escaped, so Qt shows them as typed, never as markup
        item.setToolTip(1, f"<p style='white-space:pre-wrap'>{html.escape(tip)}</p>" if tip else "")
        tree.addTopLevelItem(item)
    _select(tree, selected)
    tree.blockSignals(False)


def _key(item: QTreeWidgetItem | None) -> str | None:
    return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole) or "") or None


def _marked(tree: QTreeWidget) -> str | None:
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if item is not None and item.text(0) == ON_SCREEN:
            return _key(item)
    return None


def _select(tree: QTreeWidget, key: str | None) -> None:
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if item is not None and key is not None and _key(item) == key:
            tree.setCurrentItem(item)
            return
