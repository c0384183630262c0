// LiveDesk overlay pages (OBS browser source): the product card, the coupon countdown, the
// featured comment, the thanks alerts (感谢榜), the lottery (福袋), the poll or quiz and the
// check-in (签到), fed by /ws/overlay.
//
// Rules this file keeps:
// * Every piece of data reaches the DOM through textContent or setAttribute on a known attribute,
//   never as markup (viewers' comments are hostile input). The page's CSP allows no inline code.
// * Every message carries the whole view and is rendered in full, so rendering is idempotent and
//   a reconnect (OBS reloads or destroys the page, the console restarts) resyncs by itself.
// * The connection comes back by itself: backoff 0.5 s doubling to 5 s, and a watchdog closes a
//   socket that has gone silent (the server sends a heartbeat every 10 s).
// * Where the shown cards go (the right-hand column, vertical pages) is layout.js's.

import { layout, relayout, watchLayout } from "./layout.js";

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 5000;
const SILENCE_MS = 30000;
const URGENT_S = 10;
const TICK_MS = 100;
const COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const PLATFORMS = {
  douyin: "抖音", kuaishou: "快手", bilibili: "B站", taobao: "淘宝", wechat: "视频号",
  xiaohongshu: "小红书", youtube: "YouTube", twitch: "Twitch", manual: "",
};

// ----- DOM helpers ---------------------------------------------------------------------------
function el(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function setText(node, value) {
  const text = value === null || value === undefined ? "" : String(value);
  if (node.textContent !== text) node.textContent = text;
  node.classList.toggle("is-empty", text === "");
}

function setShown(widget, shown) {
  if (widget.classList.contains("is-shown") === shown && widget.hasAttribute("aria-hidden")) return;
  const changed = widget.classList.contains("is-shown") !== shown;
  widget.classList.toggle("is-shown", shown);
  widget.setAttribute("aria-hidden", shown ? "false" : "true");
  if (changed) relayout(); // the cards under it move up or down (a coupon ending by itself)
}

function setImage(img, src) {
  if (!src) {
    img.removeAttribute("src");
    img.classList.add("is-empty");
    return;
  }
  if (img.getAttribute("src") !== src) {
    img.classList.remove("is-broken");
    img.setAttribute("src", src);
  }
  img.classList.remove("is-empty");
}

function clockText(seconds) {
  const left = Math.max(0, Math.ceil(seconds)); // as the server: 0.2 s left shows 00:01
  const hours = Math.floor(left / 3600);
  const mm = String(Math.floor(left / 60) % 60).padStart(2, "0");
  const ss = String(left % 60).padStart(2, "0");
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`; // from an hour on: 2:00:00, not 120:00
}

// ----- product card --------------------------------------------------------------------------
function buildProduct(stage) {
  const root = el("section", "widget product", stage);
  root.id = "product";
  const image = el("img", "product-image is-empty", root);
  image.setAttribute("alt", "");
  image.addEventListener("error", () => image.classList.add("is-broken"));
  image.addEventListener("load", () => image.classList.remove("is-broken"));
  const head = el("div", "product-head", root);
  const name = el("h1", "product-name", head);
  const prices = el("p", "product-prices", head);
  const price = el("span", "price", prices);
  const original = el("s", "original-price", prices);
  const points = el("ul", "selling-points", root);
  const badge = el("span", "badge stock", root);
  const qr = el("figure", "qr", root);
  const qrImage = el("img", "qr-image", qr);
  qrImage.setAttribute("alt", "");
  el("figcaption", "qr-caption", qr).textContent = "扫码购买";
  setShown(root, false);
  return { root, image, name, price, original, points, badge, qr, qrImage };
}

function productImage(card) {
  const image = typeof card.image === "string" ? card.image.trim() : "";
  if (!image) return "";
  if (/^https:\/\//i.test(image) || /^data:image\//i.test(image)) return image;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(image) && !/^file:/i.test(image)) return ""; // http: etc.
  return `/overlay/media/${encodeURIComponent(card.sku)}`;
}

function renderProduct(w, card) {
  if (!card) {
    setShown(w.root, false); // the old content stays while it fades out
    return;
  }
  const image = productImage(card);
  setImage(w.image, image);
  w.root.classList.toggle("has-image", image !== "");
  setText(w.name, card.name);
  setText(w.price, card.price);
  setText(w.original, card.original_price);
  const points = Array.isArray(card.selling_points) ? card.selling_points.slice(0, 3) : [];
  const same = w.points.children.length === points.length &&
    points.every((point, i) => w.points.children[i].textContent === String(point));
  if (!same) {
    w.points.replaceChildren(...points.map((point) => {
      const item = document.createElement("li");
      item.textContent = String(point);
      return item;
    }));
  }
  w.points.classList.toggle("is-empty", points.length === 0);
  setText(w.badge, card.badge);
  const stock = typeof card.stock === "number" ? card.stock : null;
  w.badge.classList.toggle("is-sold-out", stock !== null && stock <= 0);
  w.badge.classList.toggle("is-low", stock !== null && stock > 0 && stock <= 10);
  const hasLink = typeof card.link === "string" && card.link !== "";
  setImage(w.qrImage, hasLink ? `/overlay/qr/${encodeURIComponent(card.sku)}.svg` : "");
  w.qr.classList.toggle("is-empty", !hasLink);
  w.root.classList.toggle("has-qr", hasLink);
  w.root.setAttribute("data-sku", String(card.sku));
  setShown(w.root, true);
}

// ----- coupon countdown ----------------------------------------------------------------------
function buildCoupon(stage) {
  const root = el("section", "widget coupon", stage);
  root.id = "coupon";
  const title = el("h2", "coupon-title", root);
  const discount = el("p", "coupon-discount", root);
  const clock = el("p", "coupon-clock", root);
  const status = el("p", "coupon-status", root);
  const code = el("p", "coupon-code", root);
  const quantity = el("p", "coupon-quantity", root);
  setShown(root, false);
  const w = { root, title, discount, clock, status, code, quantity, endsAt: null, left: 0 };
  setInterval(() => tickCoupon(w), TICK_MS);
  return w;
}

function renderCoupon(w, card) {
  if (!card) {
    w.endsAt = null;
    w.left = 0;
    setShown(w.root, false);
    return;
  }
  setText(w.title, card.title);
  setText(w.discount, card.discount);
  setText(w.code, card.code ? `券码 ${card.code}` : "");
  const quantity = typeof card.quantity === "number" ? `剩余 ${card.quantity} 张` : "";
  setText(w.quantity, quantity);
  const remaining = Number(card.remaining_s) || 0;
  w.paused = Boolean(card.paused);
  w.left = remaining;
  w.endsAt = w.paused ? null : performance.now() + remaining * 1000;
  w.root.setAttribute("data-code", String(card.code));
  tickCoupon(w);
}

function tickCoupon(w) {
  if (w.endsAt === null && !w.paused) return;
  const left = w.paused ? w.left : Math.max(0, (w.endsAt - performance.now()) / 1000);
  setText(w.clock, clockText(left));
  setText(w.status, w.paused ? "已暂停 Paused" : "");
  w.root.classList.toggle("is-paused", w.paused);
  w.root.classList.toggle("is-urgent", !w.paused && left <= URGENT_S);
  if (left <= 0) {
    w.endsAt = null; // ends at zero here; the server's "no coupon" follows
    w.paused = false;
    setShown(w.root, false);
  } else {
    setShown(w.root, true);
  }
}

// ----- featured comment ----------------------------------------------------------------------
function buildFeatured(stage) {
  const root = el("section", "widget featured", stage);
  root.id = "featured";
  const head = el("p", "featured-head", root);
  const platform = el("span", "badge platform", head);
  const user = el("span", "featured-user", head);
  const text = el("p", "featured-text", root);
  setShown(root, false);
  return { root, platform, user, text };
}

function renderFeatured(w, card) {
  if (!card) {
    setShown(w.root, false);
    return;
  }
  const platform = typeof card.platform === "string" ? card.platform : "";
  const known = Object.prototype.hasOwnProperty.call(PLATFORMS, platform.toLowerCase());
  setText(w.platform, known ? PLATFORMS[platform.toLowerCase()] : platform);
  if (known) w.platform.setAttribute("data-platform", platform.toLowerCase());
  else w.platform.removeAttribute("data-platform");
  setText(w.user, card.user);
  setText(w.text, card.text);
  setShown(w.root, true);
}

// ----- thanks (gift alerts) --------------------------------------------------------------------
function buildThanks(stage) {
  const root = el("section", "widget thanks", stage);
  root.id = "thanks";
  const title = el("h2", "thanks-title", root);
  const alert = el("div", "thanks-alert", root);
  const head = el("p", "thanks-head", alert);
  const badge = el("span", "badge thanks-badge", head);
  const user = el("span", "thanks-user", head);
  const action = el("p", "thanks-action", alert);
  const message = el("p", "thanks-message", alert);
  const recent = el("ul", "thanks-recent", root);
  alert.addEventListener("animationend", () => alert.classList.remove("is-popping"));
  setShown(root, false);
  return { root, title, alert, badge, user, action, message, recent, shownKey: "" };
}

function renderThanks(w, card) {
  if (!card) {
    w.shownKey = "";
    setShown(w.root, false);
    return;
  }
  setText(w.title, card.title);
  const alert = card.alert && typeof card.alert === "object" ? card.alert : null;
  w.root.classList.toggle("has-alert", alert !== null);
  w.alert.classList.toggle("is-empty", alert === null);
  if (alert) {
    setText(w.badge, alert.title);
    setText(w.user, alert.user);
    setText(w.action, alert.action);
    setText(w.message, alert.message);
    // a new viewer's alert pops in; a combo's growing total only changes the number
    const key = JSON.stringify([alert.platform, alert.user, alert.kind, alert.gift]);
    if (key !== w.shownKey) {
      w.shownKey = key;
      w.alert.classList.remove("is-popping");
      void w.alert.offsetWidth; // restart the animation
      w.alert.classList.add("is-popping");
    }
  } else {
    w.shownKey = "";
  }
  const rows = Array.isArray(card.recent) ? card.recent.slice(0, 5) : [];
  w.recent.replaceChildren(...rows.map((row) => {
    const item = document.createElement("li");
    const who = el("span", "thanks-recent-user", item);
    who.textContent = String(row && row.user !== undefined ? row.user : "");
    const what = el("span", "thanks-recent-action", item);
    what.textContent = String(row && row.action !== undefined ? row.action : "");
    return item;
  }));
  w.recent.classList.toggle("is-empty", rows.length === 0);
  setShown(w.root, true);
}

// ----- lottery (福袋抽奖): keyword, time left, entrants; then the winners ----------------------
function buildLottery(stage) {
  const root = el("section", "widget lottery", stage);
  root.id = "lottery";
  const title = el("h2", "lottery-title", root);
  const keyword = el("p", "lottery-keyword", root);
  const facts = el("p", "lottery-facts", root);
  const clock = el("span", "lottery-clock", facts);
  const entrants = el("span", "lottery-entrants", facts);
  const winners = el("ol", "lottery-winners", root);
  const more = el("p", "lottery-more", root);
  setShown(root, false);
  return { root, title, keyword, clock, entrants, winners, more };
}

function renderLottery(w, card) {
  if (!card) {
    setShown(w.root, false);
    return;
  }
  const drawn = Boolean(card.drawn);
  const waiting = !drawn && card.open === false; // time up, not drawn: entries are refused
  w.root.classList.toggle("is-drawn", drawn);
  w.root.classList.toggle("is-closed", waiting);
  setText(w.title, drawn ? `${card.title} · 中奖名单` : card.title);
  const invite = waiting ? "已截止 · 等待开奖" : `发送口令「${card.keyword}」参与`;
  setText(w.keyword, drawn ? "" : invite);
  setText(w.clock, !drawn && !waiting && card.clock ? `剩余 ${card.clock}` : "");
  setText(w.entrants, `${Number(card.entrants) || 0} 人参与`);
  const rows = drawn && Array.isArray(card.result) ? card.result : [];
  // viewers' names: text nodes only
  const same = w.winners.children.length === rows.length &&
    rows.every((row, i) => w.winners.children[i].textContent === String(row.user));
  if (!same) {
    w.winners.replaceChildren(...rows.map((row) => {
      const item = document.createElement("li");
      item.textContent = String(row && row.user !== undefined ? row.user : "");
      return item;
    }));
  }
  w.winners.classList.toggle("is-empty", rows.length === 0);
  const more = Number(card.more) || 0;
  setText(w.more, drawn && more > 0 ? `等 ${more} 人` : "");
  setShown(w.root, true);
}

// ----- poll and quiz: live bars, the right answer once revealed ------------------------------
function buildPoll(stage) {
  const root = el("section", "widget poll", stage);
  root.id = "poll";
  const head = el("p", "poll-head", root);
  const title = el("span", "badge poll-badge", head);
  const clock = el("span", "poll-clock", head);
  const question = el("h2", "poll-question", root);
  const options = el("ul", "poll-options", root);
  const footer = el("p", "poll-footer", root);
  setShown(root, false);
  return { root, title, clock, question, options, footer };
}

function pollRow() {
  const item = document.createElement("li");
  item.className = "poll-option";
  const bar = el("span", "poll-bar", item);
  const label = el("span", "poll-label", item);
  const text = el("span", "poll-text", item);
  const value = el("span", "poll-value", item);
  return { item, bar, label, text, value };
}

function renderPoll(w, card) {
  if (!card) {
    setShown(w.root, false);
    return;
  }
  setText(w.title, card.title);
  setText(w.clock, card.open ? (card.clock ? `剩余 ${card.clock}` : "进行中") : "已结束");
  setText(w.question, card.question);
  const options = Array.isArray(card.options) ? card.options.slice(0, 6) : [];
  if (!w.rows || w.rows.length !== options.length) {
    w.rows = options.map(() => pollRow());
    w.options.replaceChildren(...w.rows.map((row) => row.item));
  }
  options.forEach((option, i) => {
    const row = w.rows[i];
    const share = Math.min(1, Math.max(0, Number(option.share) || 0));
    row.bar.style.width = `${(share * 100).toFixed(2)}%`;
    setText(row.label, option.label);
    setText(row.text, option.text);
    setText(row.value, `${Number(option.percent) || 0}% · ${Number(option.count) || 0}`);
    row.item.classList.toggle("is-right", option.right === true);
  });
  w.root.classList.toggle("is-revealed", Boolean(card.revealed));
  w.root.classList.toggle("is-closed", !card.open);
  const voters = `${Number(card.voters) || 0} 人${card.quiz ? "作答" : "投票"}`;
  const how = card.open ? ` · 发送 ${options.map((o) => o.label).join(" / ")}` : "";
  setText(w.footer, voters + how);
  setShown(w.root, true);
}

// ----- check-in (签到) --------------------------------------------------------------------------
function buildCheckin(stage) {
  const root = el("section", "widget checkin", stage);
  root.id = "checkin";
  const title = el("h2", "checkin-title", root);
  const keyword = el("p", "checkin-keyword", root);
  const count = el("p", "checkin-count", root);
  setShown(root, false);
  return { root, title, keyword, count };
}

function renderCheckin(w, card) {
  if (!card) {
    setShown(w.root, false);
    return;
  }
  setText(w.title, card.title);
  setText(w.keyword, `发送「${card.keyword}」签到`);
  setText(w.count, `已签到 ${Number(card.count) || 0} 人`);
  setShown(w.root, true);
}

// ----- the live feed -------------------------------------------------------------------------
function connect(token, onView) {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const url = `${scheme}${location.host}/ws/overlay?token=${encodeURIComponent(token)}`;
  let delay = BACKOFF_MIN_MS;
  let socket = null;
  let heardAt = 0;

  function open() {
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      heardAt = Date.now();
      document.body.setAttribute("data-link", "open");
    });
    socket.addEventListener("message", (event) => {
      heardAt = Date.now();
      delay = BACKOFF_MIN_MS; // it works: the next drop starts the backoff again
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message && message.type === "overlay" && message.view) onView(message.view);
    });
    socket.addEventListener("close", () => {
      socket = null;
      document.body.setAttribute("data-link", "closed");
      setTimeout(open, delay);
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
    });
  }

  setInterval(() => {
    if (socket && socket.readyState === WebSocket.OPEN && Date.now() - heardAt > SILENCE_MS) {
      socket.close(); // half-open: the close handler reconnects
    }
  }, 5000);
  open();
}

// The console's theme (settings) arrives with every view; ?brand=&accent=&text=&card= on the
// page's URL override it for this one browser source. Values are checked before use.
const THEME_VARS = { brand: "--brand", accent: "--accent", text: "--text", card: "--panel" };
const FONT_NAME = /^[\p{L}\p{N} _.-]{1,64}$/u;
let appliedTheme = "";

function applyTheme(theme, params) {
  const wanted = { ...(theme && typeof theme === "object" ? theme : {}) };
  for (const name of Object.keys(THEME_VARS)) {
    if (params.has(name)) wanted[name] = params.get(name);
  }
  const key = JSON.stringify(wanted);
  if (key === appliedTheme) return;
  appliedTheme = key;
  const root = document.documentElement.style;
  for (const [name, variable] of Object.entries(THEME_VARS)) {
    const value = wanted[name];
    if (typeof value === "string" && COLOUR.test(value)) root.setProperty(variable, value);
  }
  const font = typeof wanted.font === "string" ? wanted.font.trim() : "";
  if (FONT_NAME.test(font)) root.setProperty("--font", `"${font}"`);
}

function main() {
  const params = new URLSearchParams(location.search);
  applyTheme(null, params);
  const stage = document.querySelector(".stage") || el("main", "stage", document.body);
  const wanted = (document.body.getAttribute("data-widgets") || "").split(/\s+/);
  const product = wanted.includes("product") ? buildProduct(stage) : null;
  const coupon = wanted.includes("coupon") ? buildCoupon(stage) : null;
  const featured = wanted.includes("featured") ? buildFeatured(stage) : null;
  const thanks = wanted.includes("thanks") ? buildThanks(stage) : null;
  const lottery = wanted.includes("lottery") ? buildLottery(stage) : null;
  const poll = wanted.includes("poll") ? buildPoll(stage) : null;
  const checkin = wanted.includes("checkin") ? buildCheckin(stage) : null;
  const token = params.get("token") || "";
  if (!token) {
    document.body.setAttribute("data-link", "no-token");
    console.error("LiveDesk overlay: open this page with ?token=YOUR_API_TOKEN");
    return;
  }
  watchLayout(stage);
  connect(token, (view) => {
    applyTheme(view.theme, params);
    if (product) renderProduct(product, view.product || null);
    if (coupon) renderCoupon(coupon, view.coupon || null);
    if (featured) renderFeatured(featured, view.featured || null);
    if (thanks) renderThanks(thanks, view.thanks || null);
    if (lottery) renderLottery(lottery, view.lottery || null);
    if (poll) renderPoll(poll, view.poll || null);
    if (checkin) renderCheckin(checkin, view.checkin || null);
    layout(stage);
  });
}

main();
