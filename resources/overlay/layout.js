// LiveDesk overlay pages: where the shown cards go, imported by overlay.js.
//
// * A 16:9 page (1920×1080 canvas): every card has its own place (overlay.css). The right-hand
//   cards, the coupon countdown, the lottery (福袋) and the poll, keep theirs (the coupon at the
//   top, the lottery at 370 and the poll at 610 canvas pixels) unless the shown card above
//   reaches that far: then a card goes just below it (--below, the bottom of the shown card
//   above, in px), so a tall coupon (a long title, 券码 and 剩余 N 张) is never covered by the
//   lottery, nor the lottery by the poll. When the column then runs past the bottom of the page,
//   the three are scaled down together (--column-fit, a factor on their --u) to the largest scale
//   at which it fits; body[data-column-fit] says the scale.
// * A page taller than wide (a vertical 9:16 canvas): the shown widgets flow inside the stage
//   (the safe area, see overlay.css). When they are more than it holds, the whole layout is
//   scaled down (--fit, a factor on --unit) to the largest scale at which they all fit, rather
//   than cut a card in half or leave one below the edge; never below MIN_FIT (body[data-fit]
//   says the scale, "overflow" when even that is not enough).
// Laid out again after every view, whenever a card is shown or hidden, and whenever a card's
// size changes (a web font or an image arriving, the lottery's winners, the poll's options).

const MIN_FIT = 0.55;
const FIT_STEPS = 7; // halvings of the search between MIN_FIT and 1
const COLUMN = ["coupon", "lottery", "poll"]; // the right-hand cards, top to bottom
const COLUMN_MARGIN = 24; // canvas pixels kept clear under the column
const vertical = window.matchMedia("(max-aspect-ratio: 999/1000)");

let watched = null; // the stage, once watchLayout has started
let queued = false;

function isShown(widget) {
  return widget.classList.contains("is-shown");
}

// The largest scale in [MIN_FIT, 1] at which `fits(scale)` holds (MIN_FIT when none does).
function largestFit(fits) {
  if (fits(1)) return 1;
  let low = MIN_FIT;
  let high = 1;
  for (let i = 0; i < FIT_STEPS; i += 1) {
    const middle = (low + high) / 2;
    if (fits(middle)) low = middle;
    else high = middle;
  }
  const fit = Math.floor(low * 1000) / 1000;
  return fits(fit) ? fit : MIN_FIT;
}

// ----- vertical canvases: every shown card fits the safe area ---------------------------------
function shownBottom(stage) {
  let bottom = 0; // layout boxes (offsets ignore the fade's transforms)
  for (const widget of stage.children) {
    if (isShown(widget)) bottom = Math.max(bottom, widget.offsetTop + widget.offsetHeight);
  }
  return bottom;
}

function fitVertical(stage) {
  const root = document.documentElement.style;
  if (!vertical.matches) {
    root.removeProperty("--fit");
    document.body.removeAttribute("data-fit");
    return;
  }
  const fits = (scale) => {
    root.setProperty("--fit", String(scale));
    return shownBottom(stage) <= stage.clientHeight;
  };
  const fit = largestFit(fits);
  fits(fit);
  const over = fit === MIN_FIT && shownBottom(stage) > stage.clientHeight;
  document.body.setAttribute("data-fit", over ? "overflow" : String(fit));
}

// ----- 16:9 canvases: the right-hand column ---------------------------------------------------
function columnCards(stage) {
  return COLUMN.map((id) => document.getElementById(id)).filter(
    (card) => card !== null && card.parentElement === stage,
  );
}

// Each shown card just below the shown card above when that reaches past its own place; the
// bottom of the last shown card (px).
function stackColumn(cards) {
  let below = null;
  for (const card of cards) {
    if (!isShown(card)) continue; // a card fading out stays where it was
    if (below === null) card.style.removeProperty("--below");
    else card.style.setProperty("--below", `${below}px`);
    below = card.offsetTop + card.offsetHeight;
  }
  return below === null ? 0 : below;
}

function fitColumn(stage) {
  const root = document.documentElement.style;
  const cards = columnCards(stage);
  if (vertical.matches || cards.length === 0) {
    root.removeProperty("--column-fit");
    document.body.removeAttribute("data-column-fit");
    for (const card of cards) card.style.removeProperty("--below");
    return;
  }
  const unit = Math.min(stage.clientWidth / 1920, stage.clientHeight / 1080);
  const limit = stage.clientHeight - COLUMN_MARGIN * unit;
  const fits = (scale) => {
    root.setProperty("--column-fit", String(scale));
    return stackColumn(cards) <= limit;
  };
  const fit = largestFit(fits);
  fits(fit);
  document.body.setAttribute("data-column-fit", String(fit));
}

// ----- when -----------------------------------------------------------------------------------
export function layout(stage) {
  fitVertical(stage);
  fitColumn(stage);
}

// Lay the stage out again before the next frame (several calls make one layout).
export function relayout() {
  if (watched === null || queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    layout(watched);
  });
}

export function watchLayout(stage) {
  watched = stage;
  // a card's size changes without a view too: a web font or an image arriving
  const observer = new ResizeObserver(relayout);
  for (const widget of stage.children) observer.observe(widget);
  window.addEventListener("resize", relayout);
  layout(stage);
}
