// LiveDesk assistants' panel (/assist): the question queue, the thanks list and the show's
// interactions (poll or quiz, lottery, check-in), live over /ws/events.
//
// Rules this file keeps (as the overlay pages do):
// * Every piece of viewer or assistant text reaches the DOM through textContent (or an attribute
//   set with setAttribute); never as markup. The page's CSP allows no inline code.
// * One card element per question, kept across renders (keyed by id): a re-render only changes
//   what changed, so an open answer box, its text, focus and selection survive.
// * The list is re-read from /api/questions after every questions.changed event (bursts
//   coalesced: at most one read in flight and one queued) and after every reconnect: the top
//   of the open questions as the server ranks them (buying first, then most asked, then
//   oldest), every claim, the latest answered, and the server's counts for the tabs. Cards are
//   ordered here by the same rank, so a question an event brings shows in its place.
// * Question ids start at 1 again when the console restarts: the list says which run of the
//   console it is from, and every action sends that back (the server refuses an action on a
//   list from an earlier run). While the link is down, and until the list was read again after
//   it came back, the cards' buttons do nothing: the list may name questions that are gone.
// * The thanks list is re-read from /api/thanks after thanks.changed events (a burst of gifts
//   is gathered by a short wait, then one read at a time) and after every reconnect.
// * The WebSocket comes back by itself: backoff 0.5 s doubling to 5 s. Not when its token no
//   longer works: a new assistants' link was made (the server says so), or a socket refused
//   before it opened and the API answers 401 (a page cannot see a refused upgrade's status).
// * Claims go by name, so two panels may not share one: each panel has an id of its own (kept
//   in localStorage), said with the name; a name another panel holds is refused by the server
//   ("name.taken") and the panel asks for another.

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 5000;
const SAFETY_READ_MS = 20000; // a re-read now and then, in case an event was lost
const STARVED_MS = 1000; // under a storm of changes, still render at least this often
const MESSAGE_MS = 8000;
const OPEN_LIMIT = 300; // the top of the open questions shown (the console's queue shows as many)
const ANSWERED_LIMIT = 100; // the latest answered shown
const CLAIMED_LIMIT = 5000; // every claim: claims are few, and one's own must never drop out
// In the order questions move (open, claimed, answered): one that moves during a read is seen
// at least once, the later state winning.
const QUEUE_READS = [
  `/api/questions?state=open&limit=${OPEN_LIMIT}`,
  `/api/questions?state=claimed&limit=${CLAIMED_LIMIT}`,
  `/api/questions?state=answered&order=latest&limit=${ANSWERED_LIMIT}`,
];
const STALE_TEXT =
  "列表不是最新的，请等待重新连接 The list is not up to date: wait for the panel to reconnect";
const NEW_RUN_TEXT =
  "控制台已重启，问题列表已重新读取 The console restarted: the question list was read again";
const UNDO_MS = 8000; // how long a dismissed question can be taken back from the bar
const NAME_KEY = "livedesk.assist.name";
const PANEL_KEY = "livedesk.assist.panel"; // this panel's own id (this browser's)
const PLATFORMS = {
  douyin: "抖音", kuaishou: "快手", bilibili: "B站", taobao: "淘宝", wechat: "视频号",
  xiaohongshu: "小红书", youtube: "YouTube", twitch: "Twitch", manual: "手动",
};
const THANKS_WAIT_MS = 150; // gathers a burst of thanks.changed events into one read
const THANKS_LIMIT = 200;
const THANKS_KEYS = ["t", "T"]; // the top entry thanked; the queue has no keys of its own
const KINDS = { gift: "礼物 Gift", member: "会员 Member", superchat: "SC", follow: "关注 Follow" };
const CURRENCIES = {
  CNY: "¥", RMB: "¥", USD: "$", EUR: "€", GBP: "£", JPY: "JP¥", HKD: "HK$", TWD: "NT$",
};

const params = new URLSearchParams(location.search);
const app = {
  token: params.get("token") || "",
  name: readName(),
  panel: panelId(),
  role: "", // the hello's: "assist" with the assistants' token, "" with the API token
  tab: "open",
  questions: new Map(), // id -> question (ordered when shown: see rank)
  counts: { open: 0, claimed: 0, answered: 0, dismissed: 0 }, // the server's, for the tabs
  run: null, // which run of the console the list is from (its ids start at 1 each run)
  linked: false, // the live feed is open
  epoch: 0, // how many times it opened: a read begun before the last opening is not fresh
  synced: false, // the list was read since the feed last opened: the buttons may act
  cards: new Map(), // id -> card widgets
  skewS: 0, // server clock - this clock, from the Date header
  socket: null, // the live feed's WebSocket
  revoked: false, // this link no longer works (replaced, or a wrong token): no reconnecting
  reading: false,
  readAgain: false,
  renderedAt: 0,
  helpsHost: false, // whether the host lets the panel mark thanks, block and message (read)
  thanks: [], // pending thanks entries, newest first (as the server lists them)
  thanksPending: 0,
  thanksCards: new Map(), // id -> thanks card widgets
  // id -> the number of thanks reads begun when its clear was done (Infinity while under way):
  // a read begun before that may still list the entry, and is not believed about it
  cleared: new Map(),
  thanksReads: 0,
  thanksRun: null, // the run the thanks list was read in (GET /api/thanks "run")
  thanksReading: false,
  thanksAgain: false,
  thanksTimer: 0,
  noteTimer: 0,
  undo: null, // the question last dismissed here, while the undo bar offers it back
  undoTimer: 0,
  interaction: { poll: null, lottery: null, checkin: null }, // the latest of each
  interactionAt: { poll: 0, lottery: 0, checkin: 0 }, // when each arrived (its time left counts)
  // kinds whose next word (the read or an event) is taken whatever its id: after a reconnect
  // the console may have restarted, and its ids with it
  interactionReset: new Set(),
  interactionBusy: false,
  interactionAllowed: null, // whether the host lets assistants run them (null: not read yet)
  interactionTimer: 0,
};
const $ = (id) => document.getElementById(id);

// ----- small helpers -------------------------------------------------------------------------
function el(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function setText(node, value) {
  const text = value === null || value === undefined ? "" : String(value);
  if (node.textContent !== text) node.textContent = text;
}

function show(node, shown) {
  if (node.hidden === shown) node.hidden = !shown;
}

function readName() {
  try {
    return (localStorage.getItem(NAME_KEY) || "").trim();
  } catch {
    return "";
  }
}

function panelId() {
  try {
    const kept = localStorage.getItem(PANEL_KEY) || "";
    if (/^[0-9a-f]{24}$/.test(kept)) return kept;
  } catch {
    // private mode: an id for this page only
  }
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const made = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  try {
    localStorage.setItem(PANEL_KEY, made);
  } catch {
    // as above
  }
  return made;
}

function ageText(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, "0")}m`;
}

function serverNow() {
  return Date.now() / 1000 + app.skewS;
}

function platformLabel(platform) {
  const key = String(platform || "").toLowerCase();
  return Object.prototype.hasOwnProperty.call(PLATFORMS, key) ? PLATFORMS[key] : String(platform);
}

// ----- the API -------------------------------------------------------------------------------
async function api(method, path, body) {
  const init = { method, cache: "no-store", headers: { Authorization: `Bearer ${app.token}` } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const date = Date.parse(response.headers.get("Date") || "");
  if (!Number.isNaN(date)) {
    const skew = (date + 500 - Date.now()) / 1000; // the header has whole seconds
    if (Math.abs(skew - app.skewS) > 1.5) app.skewS = skew;
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (response.status === 401) banner("令牌无效 Wrong token: open the link from the console again");
  if (response.status === 403) banner("此链接无权执行该操作 This link may not do that");
  return { status: response.status, ok: response.ok, data: data || {} };
}

function banner(text) {
  setText($("banner"), text);
  show($("banner"), Boolean(text));
}

// The queue as the panel shows it (see QUEUE_READS), its counts and run; null when a read
// failed or the console restarted in the middle of it (the reconnect reads it again).
async function readQueue() {
  const epoch = app.epoch;
  const questions = new Map();
  let data = null;
  for (const path of QUEUE_READS) {
    const answer = await api("GET", path);
    if (!answer.ok || !Array.isArray(answer.data.questions)) return null;
    if (data && answer.data.run !== data.run) return null;
    data = answer.data;
    for (const q of data.questions) if (q && typeof q.id === "number") questions.set(q.id, q);
  }
  const run = typeof data.run === "string" ? data.run : null;
  return { questions, counts: data.counts, run, epoch };
}

function applyRead(read) {
  if (app.run !== null && read.run !== app.run) newRun();
  app.run = read.run;
  app.questions = read.questions;
  const counts = read.counts && typeof read.counts === "object" ? read.counts : {};
  for (const state of Object.keys(app.counts)) app.counts[state] = Number(counts[state]) || 0;
  if (read.epoch === app.epoch && app.linked) app.synced = true;
  render();
}

// The console restarted: its ids name other questions now, so nothing of the old list stays
// (a card, a message on it, the undo bar's offer), and the assistant is told.
function newRun() {
  for (const card of app.cards.values()) card.root.remove();
  app.cards.clear();
  app.undo = null;
  clearTimeout(app.undoTimer);
  show($("undo-bar"), false);
  banner(NEW_RUN_TEXT);
  setTimeout(() => {
    if ($("banner").textContent === NEW_RUN_TEXT) banner("");
  }, MESSAGE_MS);
}

// A change: read the whole queue again. One read at a time; changes during a read queue one more.
function refresh() {
  if (app.reading) {
    app.readAgain = true;
    return;
  }
  app.reading = true;
  app.readAgain = false;
  readQueue()
    .catch(() => null) // the network: the next event or reconnect reads again
    .then((read) => {
      // A change arrived during the read: this read may be older than that change (already
      // patched in from its event), and the next read is not; render this one only if starved.
      if (read && (!app.readAgain || performance.now() - app.renderedAt > STARVED_MS)) {
        applyRead(read);
      }
    })
    .finally(() => {
      app.reading = false;
      if (app.readAgain) refresh();
    });
}

// A question as an event or an action's answer has it. Not into a list known to be stale (the
// read after the reconnect brings it), nor from another run of the console.
function patch(question) {
  if (!question || typeof question.id !== "number" || !app.synced) return;
  if (typeof question.run === "string" && app.run !== null && question.run !== app.run) return;
  const old = app.questions.get(question.id);
  const counts = app.counts;
  if (old && old.state !== question.state && old.state in counts && question.state in counts) {
    counts[old.state] = Math.max(0, counts[old.state] - 1); // until the read that follows
    counts[question.state] += 1;
  }
  app.questions.set(question.id, old ? { ...old, ...question } : question);
  render();
}

// ----- rendering -----------------------------------------------------------------------------
// The server's order for open questions: buying first, then the most asked, then the oldest.
function rank(a, b) {
  return (b.buying === true) - (a.buying === true) || b.asked - a.asked || a.id - b.id;
}

// `top`: the open questions shown (the first OPEN_LIMIT by rank).
function inTab(q, tab, top) {
  if (tab === "thanks" || tab === "interaction") return false;
  if (tab === "open") return q.state === "claimed" || top.has(q.id);
  if (tab === "mine") return q.state === "claimed" && q.claimed_by === app.name;
  return q.state === "answered";
}

function render() {
  app.renderedAt = performance.now();
  for (const [id, card] of app.cards) {
    const q = app.questions.get(id);
    if (!q || q.text !== card.text) {
      card.root.remove();
      app.cards.delete(id);
    }
  }
  const ranked = Array.from(app.questions.values()).sort(rank);
  const open = ranked.filter((q) => q.state === "open");
  const top = new Set(open.slice(0, OPEN_LIMIT).map((q) => q.id));
  const counts = {
    open: app.counts.open + app.counts.claimed,
    mine: ranked.filter((q) => inTab(q, "mine", top)).length,
    answered: app.counts.answered,
  };
  const wanted = [];
  for (const q of ranked) {
    let card = app.cards.get(q.id);
    if (!card) {
      card = buildCard(q);
      app.cards.set(q.id, card);
      $("queue").appendChild(card.root); // hidden until its tab shows; place() orders it
    }
    card.q = q;
    updateCard(card);
    const visible = inTab(q, app.tab, top);
    show(card.root, visible);
    if (visible) wanted.push(card);
  }
  if (app.tab === "answered") wanted.sort((a, b) => (b.q.answered_at || 0) - (a.q.answered_at || 0));
  place(wanted.map((card) => card.root));
  for (const [tab, n] of Object.entries(counts)) {
    setText(document.querySelector(`[data-count="${tab}"]`), n);
  }
  const queueTab = app.tab !== "thanks" && app.tab !== "interaction";
  const more = app.tab === "open" && app.counts.open > top.size;
  if (more) {
    const [n, all] = [top.size, app.counts.open];
    setText($("more"), `只显示排在最前的 ${n} 个，共 ${all} 个待答 · Showing the top ${n} of ${all} open`);
  }
  show($("more"), more);
  show($("queue"), queueTab);
  show($("thanks-pane"), app.tab === "thanks");
  show($("interaction-pane"), app.tab === "interaction");
  show($("empty"), wanted.length === 0 && queueTab);
}

// Put the visible cards first, in order, moving only what is out of place; focus survives.
function place(nodes) {
  const queue = $("queue");
  const active = document.activeElement;
  let range = null;
  try {
    if (active && typeof active.selectionStart === "number") {
      range = [active.selectionStart, active.selectionEnd];
    }
  } catch {
    range = null;
  }
  nodes.forEach((node, i) => {
    const here = queue.children[i] || null;
    if (here !== node) queue.insertBefore(node, here);
  });
  if (active && active !== document.activeElement && queue.contains(active)) {
    active.focus({ preventScroll: true });
    if (range) active.setSelectionRange(range[0], range[1]);
  }
}

function buildCard(q) {
  const root = el("article", "card");
  root.setAttribute("data-id", String(q.id));
  const meta = el("div", "meta", root);
  const platform = el("span", "badge platform", meta);
  const asked = el("span", "asked", meta);
  const age = el("span", "age", meta);
  const onAir = el("span", "badge on-air", meta, "已上屏 On air");
  const body = el("p", "q-text", root);
  body.addEventListener("click", () => body.classList.toggle("is-expanded"));
  const who = el("p", "who-line", root);
  const suggestion = el("div", "suggestion", root);
  el("span", "label", suggestion, "建议回答 Suggested");
  const suggestionText = el("p", "suggestion-text", suggestion);
  const answer = el("p", "answer-text", root);
  const actions = el("div", "actions", root);
  const card = { root, platform, asked, age, onAir, body, who, suggestion, suggestionText,
    answer, text: q.text, q, busy: false, timer: 0 };
  card.claim = button(actions, "claim", "认领 Claim", () => claim(card));
  card.release = button(actions, "release", "退回 Give back", () => act(card, "reopen"));
  card.reply = button(actions, "answer", "回答 Answer", () => openBox(card));
  card.dismiss = button(actions, "dismiss", "忽略 Dismiss", () => dismiss(card));
  card.feature = button(actions, "feature", "上屏 Feature", () => act(card, "feature"));
  card.copy = button(actions, "copy", "复制 Copy", () => copyAnswer(card));
  card.block = button(actions, "block helps", "拉黑 Block", () => blockAsker(card));
  const box = el("form", "answer-box", root);
  box.hidden = true;
  const area = el("textarea", "answer-input", box);
  area.setAttribute("rows", "3");
  area.setAttribute("maxlength", "2000");
  area.setAttribute("aria-label", "回答 Answer");
  const row = el("div", "row", box);
  const send = el("button", "primary send", row, "发送 Send");
  send.type = "submit";
  button(row, "cancel", "取消 Cancel", () => show(box, false));
  box.addEventListener("submit", (event) => {
    event.preventDefault();
    sendAnswer(card);
  });
  Object.assign(card, { box, area, send, message: el("p", "message", root) });
  card.message.setAttribute("role", "status");
  return card;
}

function button(parent, name, label, onClick) {
  const node = el("button", `act ${name}`, parent, label);
  node.type = "button";
  node.setAttribute("data-action", name);
  node.addEventListener("click", onClick);
  return node;
}

function suggested(q) {
  const s = q.suggestion;
  return s && typeof s === "object" && typeof s.answer === "string" ? s.answer : "";
}

function updateCard(card) {
  const q = card.q;
  const mine = q.state === "claimed" && q.claimed_by === app.name;
  const theirs = q.state === "claimed" && q.claimed_by !== app.name;
  const answered = q.state === "answered" || q.state === "dismissed";
  const stale = !app.synced; // the list may name questions that are gone
  card.root.setAttribute("data-state", String(q.state));
  card.root.classList.toggle("is-mine", mine);
  card.root.classList.toggle("is-theirs", theirs);
  setText(card.platform, platformLabel(q.platform));
  card.platform.setAttribute("data-platform", String(q.platform || "").toLowerCase());
  setText(card.asked, `×${q.asked} 人问 asked`);
  card.asked.classList.toggle("is-many", q.asked > 1);
  tickAge(card);
  show(card.onAir, q.on_air === true); // on screen now ("featured": it was, once)
  setText(card.body, q.text);
  setText(card.who, whoLine(q));
  const suggestion = suggested(q);
  setText(card.suggestionText, suggestion);
  show(card.suggestion, suggestion !== "" && !answered);
  setText(card.answer, q.answer || "");
  show(card.answer, q.state === "answered" && Boolean(q.answer));
  show(card.claim, !answered && !mine);
  card.claim.disabled = card.busy || theirs || stale;
  show(card.release, mine);
  card.release.disabled = card.busy || stale;
  show(card.reply, !answered);
  card.reply.disabled = card.busy || theirs || stale;
  show(card.dismiss, !answered);
  card.dismiss.disabled = card.busy || theirs || stale;
  card.feature.disabled = card.busy || stale;
  setText(card.feature, q.featured ? "再上屏 Again" : "上屏 Feature");
  card.copy.disabled = copyText(card) === "";
  card.block.disabled = stale;
  card.send.disabled = card.busy || stale;
  if (answered || theirs) show(card.box, false);
}

function whoLine(q) {
  if (q.state === "claimed") {
    return q.claimed_by === app.name ? "你已认领 Claimed by you"
      : `已被 ${q.claimed_by} 认领 · claimed by ${q.claimed_by}`;
  }
  if (q.state === "answered") {
    const took = typeof q.response_s === "number" ? ` · ${ageText(q.response_s)}` : "";
    return `${q.answered_by} 已回答 · answered by ${q.answered_by}${took}`;
  }
  return "";
}

function tickAge(card) {
  const created = Number(card.q.created_at);
  setText(card.age, Number.isFinite(created) ? ageText(serverNow() - created) : "");
}

function say(card, text, isError) {
  setText(card.message, text);
  card.message.classList.toggle("is-error", Boolean(isError));
  clearTimeout(card.timer);
  card.timer = setTimeout(() => setText(card.message, ""), MESSAGE_MS);
}

// ----- actions -------------------------------------------------------------------------------
function needName() {
  if (app.name) return false;
  askName();
  return true;
}

// The run the question was read in, for the server to check (nothing when it gave none).
function runOf(q) {
  const run = typeof q.run === "string" ? q.run : app.run;
  return run === null ? {} : { run };
}

async function act(card, action, extra) {
  if (needName()) return null;
  if (!app.synced) {
    say(card, STALE_TEXT, true);
    return null;
  }
  const id = card.q.id;
  const body = { action, by: app.name, ...extra, ...runOf(card.q) };
  card.busy = true;
  updateCard(card);
  let answer = null;
  try {
    answer = await api("POST", `/api/questions/${id}`, body);
  } catch {
    say(card, "网络错误 Network error", true);
  }
  card.busy = false;
  if (answer && answer.ok && answer.data.question) {
    patch(answer.data.question);
    if (action === "feature") say(card, "已上屏 On stream");
  } else if (answer && answer.status === 409) {
    const read = await readQueue().catch(() => null);
    if (read) applyRead(read);
    else refresh();
    say(card, conflictText(app.questions.get(id), answer.data.error), true);
  } else if (answer) {
    say(card, answer.data.error || `错误 Error ${answer.status}`, true);
  }
  if (app.cards.get(id) === card) updateCard(card);
  return answer && answer.ok ? answer : null;
}

function conflictText(q, fallback) {
  if (q && q.state === "claimed" && q.claimed_by !== app.name) {
    return `已被 ${q.claimed_by} 认领 · claimed by ${q.claimed_by}`;
  }
  if (q && q.state === "answered") return `已被 ${q.answered_by} 回答 · answered by ${q.answered_by}`;
  if (q && q.state === "dismissed") return "已忽略 · dismissed";
  return fallback || "冲突 Conflict";
}

async function claim(card) {
  return act(card, "claim");
}

// A dismissed question leaves the list: for a few seconds the bar above it takes it back.
async function dismiss(card) {
  const id = card.q.id;
  const text = card.q.text;
  const run = runOf(card.q);
  if (await act(card, "dismiss")) offerUndo(id, text, run);
}

function offerUndo(id, text, run) {
  app.undo = { id, text, run };
  setText($("undo-text"), `已忽略 Dismissed: ${text}`);
  $("undo-bar").classList.remove("is-error");
  show($("undo-bar"), true);
  clearTimeout(app.undoTimer);
  app.undoTimer = setTimeout(() => show($("undo-bar"), false), UNDO_MS);
}

async function undoDismiss() {
  const undo = app.undo;
  if (!undo || needName()) return;
  if (!app.synced) {
    setText($("undo-text"), STALE_TEXT);
    $("undo-bar").classList.add("is-error");
    return;
  }
  app.undo = null;
  clearTimeout(app.undoTimer);
  let answer = null;
  try {
    const body = { action: "reopen", by: app.name, ...undo.run };
    answer = await api("POST", `/api/questions/${undo.id}`, body);
  } catch {
    answer = null;
  }
  if (answer && answer.ok && answer.data.question) {
    patch(answer.data.question);
    show($("undo-bar"), false);
    return;
  }
  const why = answer ? answer.data.error || `错误 Error ${answer.status}` : "网络错误 Network error";
  setText($("undo-text"), why);
  $("undo-bar").classList.add("is-error");
  app.undoTimer = setTimeout(() => show($("undo-bar"), false), UNDO_MS);
}

async function openBox(card) {
  if (card.q.state === "open" && !(await claim(card))) return;
  if (card.area.value === "") card.area.value = suggested(card.q);
  show(card.box, true);
  card.area.focus();
}

async function sendAnswer(card) {
  const text = card.area.value.trim();
  const done = await act(card, "answer", text ? { answer: text } : {});
  if (done) {
    card.area.value = "";
    show(card.box, false);
  }
}

function copyText(card) {
  if (!card.box.hidden && card.area.value.trim()) return card.area.value.trim();
  return card.q.answer || suggested(card.q) || "";
}

async function copyAnswer(card) {
  const text = copyText(card);
  if (!text) return;
  let copied = false;
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      copied = false;
    }
  }
  if (!copied) copied = copyFallback(text);
  say(card, copied ? "已复制 Copied" : "复制失败 Copy failed", !copied);
}

function copyFallback(text) {
  const active = document.activeElement;
  const area = el("textarea", "offscreen", document.body);
  area.value = text;
  area.setAttribute("readonly", "");
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  if (active && typeof active.focus === "function") active.focus({ preventScroll: true });
  return copied;
}

// ----- the thanks list -----------------------------------------------------------------------
// Gifts, memberships, super chats and follows not yet thanked on air, one entry per viewer and
// kind with its totals. A cleared entry leaves the list at once, before the server answers;
// one cleared by someone else goes with the next read.
function refreshThanks() {
  if (app.thanksTimer) return;
  app.thanksTimer = setTimeout(() => {
    app.thanksTimer = 0;
    readThanks();
  }, THANKS_WAIT_MS);
}

function readThanks() {
  if (app.thanksReading) {
    app.thanksAgain = true;
    return;
  }
  app.thanksReading = true;
  app.thanksAgain = false;
  app.thanksReads += 1;
  const read = app.thanksReads;
  api("GET", `/api/thanks?limit=${THANKS_LIMIT}`)
    .then((answer) => {
      if (answer.ok && Array.isArray(answer.data.thanks)) applyThanks(answer.data, read);
    })
    .catch(() => null) // the network: the next event or reconnect reads again
    .finally(() => {
      app.thanksReading = false;
      if (app.thanksAgain) readThanks();
    });
}

function applyThanks(data, read) {
  let held = 0; // cleared here, still listed by a read begun before the clear was done
  const entries = data.thanks.filter((t) => {
    if (!t || typeof t.id !== "number") return false;
    const after = app.cleared.get(t.id);
    if (after !== undefined && read <= after) {
      held += 1;
      return false;
    }
    return true;
  });
  // A later read is the server's word: after a console restart an id may name a new entry.
  for (const [id, after] of app.cleared) if (read > after) app.cleared.delete(id);
  app.thanks = entries;
  app.thanksRun = typeof data.run === "string" ? data.run : null; // sent back with a clear
  app.thanksPending = Math.max(entries.length, (Number(data.pending) || 0) - held);
  renderThanks();
}

function money(value, currency) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return "";
  const amount = Number.isInteger(n) ? String(n) : n.toFixed(2);
  const code = String(currency || "").trim();
  const key = code.toUpperCase();
  if (Object.prototype.hasOwnProperty.call(CURRENCIES, key)) return CURRENCIES[key] + amount;
  return code ? `${amount} ${code}` : amount;
}

// Every currency an entry holds ("$5 + JP¥1000"), from its per-currency totals when it has them.
function moneyAll(t) {
  const values = t.values && typeof t.values === "object" ? Object.entries(t.values) : [];
  const parts = values.map(([code, value]) => money(value, code)).filter(Boolean);
  return parts.length ? parts.join(" + ") : money(t.value, t.currency);
}

// "小心心 ×30, 嘉年华 ×1"; the server keeps ten names an entry, the rest only in the count.
function giftList(t) {
  if (!t.gifts || typeof t.gifts !== "object") return "";
  const names = Object.entries(t.gifts);
  const parts = names.map(([name, n]) => `${name} ×${n}`);
  const named = names.reduce((sum, [, n]) => sum + (Number(n) || 0), 0);
  if (parts.length && Number(t.count) > named) parts.push(`… ×${Number(t.count) - named}`);
  return parts.join(", ");
}

function whatText(t) {
  const count = Number(t.count) || 1;
  if (t.kind === "follow") return "关注 Follow";
  if (t.kind === "superchat") {
    const head = `SC${count > 1 ? ` ×${count}` : ""} ${moneyAll(t)}`.trim();
    return t.message ? `${head}: ${t.message}` : head;
  }
  const gifts = giftList(t);
  if (gifts) return gifts;
  return `${t.kind === "member" ? "会员 Member" : "礼物 Gift"} ×${count}`;
}

function kindLabel(kind) {
  const key = String(kind || "");
  return Object.prototype.hasOwnProperty.call(KINDS, key) ? KINDS[key] : key;
}

function buildThanksCard(t) {
  const root = el("article", "card thanks-card");
  root.setAttribute("data-id", String(t.id));
  const meta = el("div", "meta", root);
  const platform = el("span", "badge platform", meta);
  const kind = el("span", "badge kind", meta);
  const total = el("span", "total", meta);
  const age = el("span", "age", meta);
  const viewer = el("p", "viewer", root);
  const what = el("p", "what", root);
  const actions = el("div", "actions helps", root);
  const card = { root, platform, kind, total, age, viewer, what, t };
  card.thanked = button(actions, "thanked", "已感谢 Thanked", () => clearThanks(card.t, "thanked"));
  card.dismiss = button(actions, "dismiss", "忽略 Dismiss", () => clearThanks(card.t, "dismiss"));
  return card;
}

function updateThanksCard(card, top) {
  const t = card.t;
  const kind = String(t.kind || "");
  card.root.setAttribute("data-kind", kind);
  card.root.classList.toggle("is-top", top);
  setText(card.platform, platformLabel(t.platform));
  card.platform.setAttribute("data-platform", String(t.platform || "").toLowerCase());
  setText(card.kind, kindLabel(kind));
  card.kind.setAttribute("data-kind", kind);
  const total = moneyAll(t);
  setText(card.total, total ? `合计 ${total}` : "");
  show(card.total, total !== "");
  setText(card.viewer, t.user);
  setText(card.what, whatText(t));
  tickThanksAge(card);
  if (top) {
    card.thanked.setAttribute("aria-keyshortcuts", "T");
    card.thanked.setAttribute("title", "快捷键 T · Shortcut T");
  } else {
    card.thanked.removeAttribute("aria-keyshortcuts");
    card.thanked.removeAttribute("title");
  }
}

function tickThanksAge(card) {
  const last = Number(card.t.last_ts);
  setText(card.age, Number.isFinite(last) ? ageText(serverNow() - last) : "");
}

function renderThanks() {
  const list = $("thanks");
  const listed = new Set(app.thanks.map((t) => t.id));
  for (const [id, card] of app.thanksCards) {
    if (!listed.has(id)) {
      card.root.remove();
      app.thanksCards.delete(id);
    }
  }
  app.thanks.forEach((t, i) => {
    let card = app.thanksCards.get(t.id);
    if (!card) {
      card = buildThanksCard(t);
      app.thanksCards.set(t.id, card);
    }
    card.t = t;
    updateThanksCard(card, i === 0);
    const here = list.children[i] || null;
    if (here !== card.root) list.insertBefore(card.root, here);
  });
  setText(document.querySelector('[data-count="thanks"]'), app.thanksPending);
  show($("thanks-empty"), app.thanks.length === 0);
}

function thanksNote(text, isError) {
  const note = $("thanks-note");
  setText(note, text);
  note.classList.toggle("is-error", Boolean(isError));
  clearTimeout(app.noteTimer);
  app.noteTimer = setTimeout(() => setText(note, ""), MESSAGE_MS);
}

async function clearThanks(t, action) {
  if (app.cleared.has(t.id)) return;
  if (!app.synced) {
    thanksNote(STALE_TEXT, true); // the list may name entries that are gone
    return;
  }
  app.cleared.set(t.id, Infinity);
  const before = app.thanks.length;
  app.thanks = app.thanks.filter((other) => other.id !== t.id);
  if (app.thanks.length < before) app.thanksPending = Math.max(0, app.thanksPending - 1);
  renderThanks();
  let answer = null;
  try {
    const body = app.thanksRun ? { action, run: app.thanksRun } : { action };
    answer = await api("POST", `/api/thanks/${t.id}`, body);
  } catch {
    answer = null;
  }
  const stale = Boolean(answer && answer.status === 409 && answer.data && answer.data.stale);
  // 409: someone else cleared it first (404: it is gone altogether); stale: read before a restart
  if (answer && !stale && (answer.ok || answer.status === 409 || answer.status === 404)) {
    app.cleared.set(t.id, app.thanksReads);
    const done = action === "thanked" ? "已感谢 Thanked" : "已忽略 Dismissed";
    thanksNote(`${done}: ${t.user}`);
  } else {
    app.cleared.delete(t.id); // still waiting: the read below brings it back
    const why = answer ? answer.data.error || `错误 Error ${answer.status}` : "网络错误 Network error";
    thanksNote(`${t.user}: ${why}`, true);
  }
  refreshThanks();
}

// T: the top entry thanked, when the thanks tab shows and no text box has the keys.
function onKey(event) {
  if (!THANKS_KEYS.includes(event.key) || app.tab !== "thanks" || app.thanks.length === 0) return;
  if (!app.helpsHost) return; // the host has not allowed marking thanks from the panel
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || event.isComposing) return;
  const target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
    return;
  }
  event.preventDefault();
  clearThanks(app.thanks[0], "thanked");
}

// ----- interactions: the poll or quiz, the lottery (福袋), the check-in ------------------------
// The latest of each, read from /assist/api/interaction on every (re)connect and kept up to date
// by the lottery.changed, poll.changed and checkin.changed events, which carry the whole thing.
// A time left counts down here between events. Drawing, and opening a poll over an open one
// (which closes it), ask first: neither can be undone. The forms and buttons show only while the
// host allows assistants to run interactions ("allowed", read with the rest); else a note says so.
const LETTERS = "ABCDEF";

function readInteraction() {
  api("GET", "/assist/api/interaction")
    .then((answer) => {
      if (!answer.ok) return;
      app.interactionAllowed = answer.data.allowed === true;
      app.helpsHost = answer.data.helps === true;
      // thanks, blocking and the host's messages show only while the host allows them
      document.body.classList.toggle("helps-off", !app.helpsHost);
      for (const kind of ["poll", "lottery", "checkin"]) {
        setInteraction(kind, answer.data[kind], true);
      }
      renderInteraction();
    })
    .catch(() => null); // the network: the next event or reconnect reads again
}

// A later thing replaces an earlier one; the same one is the newer word about it. The first
// word after a (re)connect is taken whatever its id (ids start again when the console
// restarts), and a read (`read`) saying there is none this run clears the one held.
function setInteraction(kind, value, read) {
  const reset = app.interactionReset.has(kind);
  if (!value || typeof value !== "object" || typeof value.id !== "number") {
    if (read && reset && value === null) {
      app.interactionReset.delete(kind);
      app.interaction[kind] = null;
      renderInteraction();
    }
    return;
  }
  const held = app.interaction[kind];
  if (!reset && held && held.id > value.id) return;
  app.interactionReset.delete(kind);
  app.interaction[kind] = value;
  app.interactionAt[kind] = performance.now();
  renderInteraction();
}

function leftS(kind) {
  const value = app.interaction[kind];
  if (!value || typeof value.remaining_s !== "number") return null;
  return Math.max(0, value.remaining_s - (performance.now() - app.interactionAt[kind]) / 1000);
}

function leftText(kind) {
  const value = app.interaction[kind];
  const left = leftS(kind);
  if (!value || !value.open || left === null) return "";
  return left > 0 ? `剩余 ${ageText(Math.ceil(left))} left` : "时间到 Time's up";
}

function stateText(open) {
  return open ? "进行中 Open" : "已结束 Closed";
}

const NONE_YET = "本场还没有 None yet";

function renderInteraction() {
  const { poll, lottery, checkin } = app.interaction;
  const live = Boolean((poll && poll.open) || (lottery && lottery.open) || (checkin && checkin.open));
  show($("interaction-live"), live);
  show($("interaction-pane"), app.tab === "interaction");
  const allowed = app.interactionAllowed === true;
  show($("interaction-off"), app.interactionAllowed === false);
  for (const id of ["poll-form", "lottery-form", "checkin-form"]) show($(id), allowed);
  renderPoll(poll);
  renderLottery(lottery);
  renderCheckin(checkin);
}

function renderPoll(poll) {
  show($("poll-current"), Boolean(poll));
  $("poll-card").setAttribute("data-open", poll && poll.open ? "true" : "false");
  if (!poll) {
    setText($("poll-state"), NONE_YET);
    return;
  }
  const quiz = poll.quiz ? "答题 Quiz" : "投票 Poll";
  setText($("poll-state"), `${quiz} · ${stateText(poll.open)}`);
  setText($("poll-left"), leftText("poll"));
  setText($("poll-question"), poll.question);
  const bars = $("poll-bars");
  const options = Array.isArray(poll.options) ? poll.options : [];
  const counts = Array.isArray(poll.counts) ? poll.counts : [];
  const total = counts.reduce((sum, n) => sum + (Number(n) || 0), 0);
  while (bars.children.length > options.length) bars.lastChild.remove();
  options.forEach((option, i) => {
    let row = bars.children[i];
    if (!row) {
      row = el("li", "poll-option", bars);
      el("span", "option-label", row);
      el("span", "option-count", row);
      el("progress", "option-bar", row);
    }
    const n = Number(counts[i]) || 0;
    const right = poll.quiz && poll.answer === i;
    row.setAttribute("data-index", String(i));
    row.classList.toggle("is-answer", right);
    setText(row.children[0], `${LETTERS[i] || i + 1}. ${option}${right ? " ✓" : ""}`);
    const share = total ? Math.round((100 * n) / total) : 0;
    setText(row.children[1], `${n} 票 · ${share}%`);
    row.children[2].max = Math.max(total, 1);
    row.children[2].value = n;
  });
  setText($("poll-voters"), `${poll.voters} 人投票 voters`);
  const allowed = app.interactionAllowed === true;
  show($("poll-close"), allowed && poll.open);
  show($("poll-reveal"), allowed && Boolean(poll.quiz) && !poll.revealed);
  $("poll-close").disabled = app.interactionBusy;
  $("poll-reveal").disabled = app.interactionBusy;
}

function renderLottery(lottery) {
  show($("lottery-current"), Boolean(lottery));
  $("lottery-card").setAttribute("data-open", lottery && lottery.open ? "true" : "false");
  if (!lottery) {
    setText($("lottery-state"), NONE_YET);
    return;
  }
  const drawn = lottery.seed !== null && lottery.seed !== undefined;
  setText($("lottery-state"), drawn ? "已开奖 Drawn" : stateText(lottery.open));
  setText($("lottery-left"), leftText("lottery"));
  setText($("lottery-keyword"), `口令 Keyword: ${lottery.keyword}`);
  const wanted = Number(lottery.winners_wanted) || 1;
  setText($("lottery-entrants"), `${lottery.entrants} 人参与 entrants · 抽 ${wanted} 人 winners`);
  const list = $("lottery-winners");
  const winners = Array.isArray(lottery.winners) ? lottery.winners : [];
  while (list.firstChild) list.firstChild.remove();
  for (const w of winners) {
    el("li", "winner", list, `${platformLabel(w.platform)} · ${w.user}`);
  }
  show(list, winners.length > 0);
  show($("lottery-draw"), app.interactionAllowed === true && !drawn);
  $("lottery-draw").disabled = app.interactionBusy;
}

function renderCheckin(checkin) {
  show($("checkin-current"), Boolean(checkin));
  $("checkin-card").setAttribute("data-open", checkin && checkin.open ? "true" : "false");
  if (!checkin) {
    setText($("checkin-state"), NONE_YET);
    return;
  }
  setText($("checkin-state"), stateText(checkin.open));
  setText($("checkin-keyword"), `口令 Keyword: ${checkin.keyword}`);
  setText($("checkin-count"), `${checkin.count} 人签到 checked in`);
  show($("checkin-close"), app.interactionAllowed === true && checkin.open);
  $("checkin-close").disabled = app.interactionBusy;
}

function interactionNote(text, isError) {
  const note = $("interaction-note");
  setText(note, text);
  note.classList.toggle("is-error", Boolean(isError));
  clearTimeout(app.interactionTimer);
  app.interactionTimer = setTimeout(() => setText(note, ""), MESSAGE_MS);
}

// One action at a time; the service's refusal (a wrong state, a bad setting) shows as its text.
async function interact(path, body, done) {
  if (app.interactionBusy) return null;
  app.interactionBusy = true;
  renderInteraction();
  let answer = null;
  try {
    answer = await api("POST", path, body);
  } catch {
    answer = null;
  }
  app.interactionBusy = false;
  if (answer && answer.ok) {
    interactionNote(done);
  } else {
    const why = answer ? answer.data.error || `错误 Error ${answer.status}` : "网络错误 Network error";
    interactionNote(why, true);
  }
  renderInteraction();
  // 409: someone else was first; 403: the host has just stopped allowing it
  if (answer && (answer.status === 409 || answer.status === 403)) readInteraction();
  return answer && answer.ok ? answer : null;
}

function numberOrNull(input) {
  const raw = input.value.trim();
  return raw === "" ? null : Number(raw);
}

async function openPoll() {
  const poll = app.interaction.poll;
  if (poll && poll.open && !confirm("当前投票将结束。开始新投票？ The open poll will close. Open a new one?")) {
    return;
  }
  const options = $("poll-options-input").value.split("\n").map((o) => o.trim()).filter(Boolean);
  const body = { question: $("poll-question-input").value.trim(), options };
  const seconds = numberOrNull($("poll-seconds"));
  if (seconds !== null) body.seconds = seconds;
  if ($("poll-answer").value !== "") body.answer = Number($("poll-answer").value);
  if (await interact("/api/poll", body, "投票已开始 Poll open")) {
    $("poll-form").reset();
  }
}

async function closePoll() {
  const poll = app.interaction.poll;
  if (!poll) return;
  const answer = await interact(`/api/poll/${poll.id}/close`, {}, "投票已结束 Poll closed");
  if (answer) setInteraction("poll", answer.data);
}

async function revealPoll() {
  const poll = app.interaction.poll;
  if (!poll) return;
  const answer = await interact(`/api/poll/${poll.id}/reveal`, {}, "已公布答案 Answer shown");
  if (answer) setInteraction("poll", answer.data);
}

async function openLottery() {
  const body = {
    keyword: $("lottery-keyword-input").value.trim(),
    winners: numberOrNull($("lottery-winners-input")) ?? 1,
    exclude_previous_winners: $("lottery-exclude").checked,
  };
  const seconds = numberOrNull($("lottery-seconds"));
  if (seconds !== null) body.seconds = seconds;
  if (await interact("/api/lottery", body, "福袋已开始 Lottery started")) {
    $("lottery-form").reset();
  }
}

async function drawLottery() {
  const lottery = app.interaction.lottery;
  if (!lottery) return;
  const ask = `现在开奖？之后不能再参与。 Draw now? No one can enter after. (${lottery.entrants})`;
  if (!confirm(ask)) return;
  const answer = await interact(`/api/lottery/${lottery.id}/draw`, {}, "已开奖 Drawn");
  if (answer) {
    const names = (answer.data.winners || []).map((w) => w.user).join(", ");
    interactionNote(names ? `已开奖 Drawn: ${names}` : "已开奖，无人参与 Drawn: no entrants");
  }
}

async function openCheckin() {
  const body = { keyword: $("checkin-keyword-input").value.trim() };
  if (await interact("/api/checkin", body, "签到已开始 Check-in open")) {
    $("checkin-form").reset();
  }
}

async function closeCheckin() {
  const answer = await interact("/api/checkin/close", {}, "签到已结束 Check-in closed");
  if (answer) setInteraction("checkin", answer.data);
}

function setupInteraction() {
  const forms = { "poll-form": openPoll, "lottery-form": openLottery, "checkin-form": openCheckin };
  for (const [id, submit] of Object.entries(forms)) {
    $(id).addEventListener("submit", (event) => {
      event.preventDefault();
      submit();
    });
  }
  $("poll-close").addEventListener("click", closePoll);
  $("poll-reveal").addEventListener("click", revealPoll);
  $("lottery-draw").addEventListener("click", drawLottery);
  $("checkin-close").addEventListener("click", closeCheckin);
}

// ----- name, tabs, manual entry --------------------------------------------------------------
function askName(note, value) {
  const form = $("name-form");
  $("name-input").value = value === undefined ? app.name : value;
  setText($("name-note"), note || "");
  show(form, true);
  $("name-input").focus();
}

function setName(name) {
  app.name = name;
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // private mode: the name lasts for this page only
  }
  setText($("who-button"), `我 Me: ${name}`);
  show($("who-button"), Boolean(name));
  render();
  sayName();
}

// The console lists the assistants connected by the name each gives.
function sayName() {
  if (app.socket && app.socket.readyState === WebSocket.OPEN && app.name) {
    app.socket.send(JSON.stringify({ type: "name", name: app.name, panel: app.panel }));
  }
}

// Another panel has this name: back to the name the server kept for this panel (none at
// first), and ask for another.
function nameTaken(name, kept) {
  if (!name || name !== app.name) return; // an answer about a name since changed
  setName(kept !== name ? kept : "");
  askName(`「${name}」已有其他助理在用，请换一个 This name is already in use: pick another`, name);
}

function setupChrome() {
  $("name-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("name-input").value.trim();
    if (!name) return;
    show($("name-form"), false);
    setText($("name-note"), "");
    setName(name);
  });
  $("who-button").addEventListener("click", () => askName());
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      app.tab = tab.getAttribute("data-tab");
      for (const other of document.querySelectorAll(".tab")) {
        const on = other === tab;
        other.classList.toggle("is-active", on);
        other.setAttribute("aria-selected", on ? "true" : "false");
      }
      document.body.setAttribute("data-tab", app.tab);
      render();
      renderThanks();
      renderInteraction();
    });
  }
  document.addEventListener("keydown", onKey);
  $("manual-form").addEventListener("submit", (event) => {
    event.preventDefault();
    addManual();
  });
  setupHostMessages();
  setupUndo();
  setupInteraction();
  setInterval(() => {
    for (const card of app.cards.values()) if (!card.root.hidden) tickAge(card);
    if (app.tab === "thanks") for (const card of app.thanksCards.values()) tickThanksAge(card);
    if (app.tab === "interaction") {
      setText($("poll-left"), leftText("poll"));
      setText($("lottery-left"), leftText("lottery"));
    }
  }, 1000);
}

// Block the question's first asker (one action): their comments stay in the log, off the queue
// and the screen; a question only they asked is dismissed too.
async function blockAsker(card) {
  if (!app.synced) {
    say(card, STALE_TEXT, true);
    return;
  }
  const q = card.q;
  const user = Array.isArray(q.askers) && q.askers.length ? String(q.askers[0]) : "";
  if (!user) return;
  const platform = q.platform === "manual" ? "" : String(q.platform || "");
  // typed in without the viewer's name: 观众 is many viewers, each under an id of its own
  const typedIn = typeof q.asker_id === "string" && q.asker_id.startsWith("manual-");
  const body = typedIn ? { platform: String(q.platform || ""), user_id: q.asker_id } : { platform, user };
  let answer = null;
  try {
    answer = await api("POST", "/api/moderation/block", body);
  } catch {
    answer = null;
  }
  if (!answer || !answer.ok) {
    say(card, (answer && answer.data.error) || "网络错误 Network error", true);
    return;
  }
  say(card, `已拉黑 Blocked ${user}`, false);
  if (q.asked <= 1 && (q.state === "open" || q.state === "claimed")) act(card, "dismiss");
}

// ----- messages for the host -----------------------------------------------------------------
async function hostMessage(method, body) {
  const note = $("host-note");
  let answer = null;
  try {
    answer = await api(method, "/api/host/message", body);
  } catch {
    answer = null;
  }
  note.classList.toggle("is-error", !(answer && answer.ok));
  if (!answer || !answer.ok) {
    setText(note, (answer && answer.data.error) || "网络错误 Network error");
    return false;
  }
  setText(note, method === "DELETE" ? "已清除 Cleared" : "已发送 Sent");
  return true;
}

async function sendHostMessage(text) {
  text = text.trim();
  if (!text) return;
  const level = $("host-urgent").checked ? "urgent" : "info";
  if (await hostMessage("POST", { text, level, by: app.name || undefined })) {
    $("host-text").value = "";
    $("host-urgent").checked = false;
  }
}

function setupUndo() {
  $("undo-button").addEventListener("click", () => undoDismiss());
}

function setupHostMessages() {
  $("host-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendHostMessage($("host-text").value);
  });
  for (const preset of document.querySelectorAll("#host-form .preset")) {
    preset.addEventListener("click", () => sendHostMessage(preset.getAttribute("data-text")));
  }
  $("host-clear").addEventListener("click", () => hostMessage("DELETE", { by: app.name || undefined }));
}

async function addManual() {
  const note = $("manual-note");
  const text = $("manual-text").value.trim();
  if (!text) return;
  const body = { platform: $("manual-platform").value, user: $("manual-user").value.trim(), text };
  let answer = null;
  try {
    answer = await api("POST", "/api/comments", body);
  } catch {
    answer = null;
  }
  note.classList.toggle("is-error", !(answer && answer.ok));
  if (!answer || !answer.ok) {
    setText(note, (answer && answer.data.error) || "网络错误 Network error");
    return;
  }
  $("manual-text").value = "";
  const isQuestion = answer.data.comment && answer.data.comment.is_question;
  setText(note, isQuestion ? "已添加 Added" : "已记录，不像问题 Saved, not a question");
  refresh();
}

// ----- the live feed -------------------------------------------------------------------------
const LINK_TEXT = {
  connecting: "连接中 Connecting", open: "在线 Live", closed: "重连中 Reconnecting",
  "no-token": "缺少令牌 No token", "bad-token": "令牌无效 Wrong token",
};

function setLink(state) {
  document.body.setAttribute("data-link", state);
  setText($("light"), LINK_TEXT[state]);
}

function onEvent(message) {
  if (!message || typeof message !== "object") return;
  if (message.type === "hello") {
    app.role = message.role === "assist" ? "assist" : "";
  } else if (message.type === "name.taken") {
    const text = (value) => (typeof value === "string" ? value : "");
    nameTaken(text(message.name), text(message.kept));
  } else if (message.type === "questions.changed") {
    if (message.question) patch(message.question);
    refresh();
  } else if (message.type === "thanks.changed") {
    refreshThanks(); // the event says only that the list changed
  } else if (message.type === "poll.changed") {
    setInteraction("poll", message.poll);
  } else if (message.type === "lottery.changed") {
    setInteraction("lottery", message.lottery);
  } else if (message.type === "checkin.changed") {
    setInteraction("checkin", message.checkin);
  } else if (message.type === "overflow") {
    refresh();
    refreshThanks();
    readInteraction();
  } else if (message.type === "assist.token_rotated" && app.role === "assist") {
    // the assistants' token was replaced (a panel opened with the API token is not affected)
    app.revoked = true; // no reconnecting with a token that no longer works
    setLink("closed");
    banner("链接已更换 This link was replaced: ask the console for the new one");
  }
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const base = `${scheme}${location.host}/ws/events?panel=assist`;
  let delay = BACKOFF_MIN_MS;

  function open() {
    if (app.revoked) return;
    const socket = new WebSocket(`${base}&token=${encodeURIComponent(app.token)}`);
    let opened = false;
    app.socket = socket;
    socket.addEventListener("open", () => {
      opened = true;
      delay = BACKOFF_MIN_MS;
      app.linked = true;
      app.epoch += 1; // the list is acted on again once a read begun from now is in
      for (const kind of ["poll", "lottery", "checkin"]) app.interactionReset.add(kind);
      setLink("open");
      banner("");
      sayName();
      refresh(); // whatever changed while the link was down
      refreshThanks();
      readInteraction();
    });
    socket.addEventListener("message", (event) => {
      let message = null;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // not JSON: ignore
      }
      onEvent(message);
    });
    socket.addEventListener("close", () => {
      app.linked = false;
      app.synced = false;
      render(); // the buttons do nothing until the list is read again
      if (app.revoked) return;
      setLink("closed");
      const again = () => {
        setTimeout(open, delay);
        delay = Math.min(delay * 2, BACKOFF_MAX_MS);
      };
      if (opened) {
        again();
        return;
      }
      // Refused before it opened: the console is away, or the token no longer works (a 401 on
      // the upgrade, which a page cannot see). The API says which; api() shows the banner.
      api("GET", "/assist/api/interaction")
        .then((answer) => {
          if (answer.status !== 401) return again();
          app.revoked = true;
          setLink("bad-token");
          return null;
        })
        .catch(again); // not there at all: try again later
    });
  }

  open();
  setInterval(() => {
    if (document.body.getAttribute("data-link") === "open") {
      refresh();
      refreshThanks();
      readInteraction();
    }
  }, SAFETY_READ_MS);
}

function main() {
  setupChrome();
  if (app.name) setName(app.name);
  else askName();
  if (!app.token) {
    setLink("no-token");
    banner("请用带 ?token= 的链接打开 Open this page with ?token=YOUR_API_TOKEN");
    return;
  }
  setLink("connecting");
  render();
  renderThanks();
  renderInteraction();
  connect();
}

main();
