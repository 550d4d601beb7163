/*
 * Sleep Coach for Home Assistant: the wall-tablet night card, what a parent in a dark
 * corridor reads at a glance (the coach's state, what to do now, tonight and the last nights)
 * and the buttons they press. Plain JavaScript with no build step.
 *
 * This is the module the frontend loads on every page (and the sidebar panel's module), so
 * it brings the rest with it: the editor and the dashboard strategy with the panel are
 * imported from beside it, and the health visitor's report only when asked for. All of them
 * are served from one folder whose URL carries a hash of every module, so after an update
 * the browser fetches them anew instead of mixing new modules with old cached ones.
 *
 *   custom:sleep-coach-night-card        the card (config: entry_id, nights, look; all optional)
 *   strategy: type: custom:sleep-coach   a dashboard: the card and statistics per child
 *   sleep-coach-panel                    the "Sleep Coach" sidebar entry, drawn from the strategy
 *
 * The card reads everything through the authenticated `sleep_coach/night` websocket command
 * and reads it again when one of the child's entities changes.
 *
 * Every word shown comes from the integration's translations (the `card_*` texts of its
 * `common` category), which the command sends in the user's language; times and numbers
 * follow the user's locale and 12/24-hour choice. This file holds no text of its own.
 */

import {
  CARD_TAG,
  METHOD,
  MODE,
  NAP_END,
  NEED,
  OUTCOME,
  POSITION,
  REASON,
  define,
  escapeHtml,
  fetchNight,
  fill,
  haveWords,
  knownWords,
  languageOf,
  loadWords,
  nameCardInPicker,
  nameOf,
  numberFormat,
  timeFormat,
} from "./sleep-coach-common.js";
// Defined by their own modules; imported here so the card's one URL brings them.
import "./sleep-coach-editor.js";
import "./sleep-coach-panel.js";

// The letters of a text's longest word: the state's size is fitted to it.
const longestWord = (text) => Math.max(1, ...String(text).split(/\s+/).map((word) => word.length));

// The timeline is redrawn this often so the open episode and "now" move without new data.
const REDRAW_MS = 30 * 1000;
// A safety net: new children or a missed change appear within this time.
const REFETCH_MS = 5 * 60 * 1000;
// How many seconds this module waits for the frontend's connection to ask for the picker's words.
const PICKER_WORDS_ATTEMPTS = 120;
// How long it waits before the first attempt, for a card or the panel to bring the words.
const PICKER_WORDS_DELAY_MS = 10 * 1000;

// A played plan night's adherence (the share of its wakings where the parents waited as
// planned), in three bands, each with its colour.
const adherenceBand = (night) => {
  if (night.paused) return "paused";
  if (night.adherence === null || night.adherence === undefined) return "none";
  if (night.adherence >= 0.8) return "good";
  return night.adherence >= 0.5 ? "fair" : "poor";
};

// The buttons a parent reaches for at night, in order; each only where the child has it.
// Each button's label is the word `card_action_<key>`.
const ACTIONS = [
  { key: "parent_arrived", icon: "mdi:door-open" },
  { key: "parent_left", icon: "mdi:door-closed" },
];

// Each need's button, by need: its word `card_action_<key>` and icon. Another need's button
// is `card_action_log_need`.
const NEED_ACTIONS = {
  fed: { key: "log_feed", icon: "mdi:baby-bottle-outline" },
  dry: { key: "log_diaper_change", icon: "mdi:human-baby-changing-table" },
  safe: { key: "log_safe", icon: "mdi:shield-check-outline" },
};

// How a need is logged, by the domain of its source: Home Assistant's own services. A
// source of another domain (a sensor of another integration) is read-only here.
const LOGGERS = {
  button: (entityId) => ["button", "press", { entity_id: entityId }],
  switch: (entityId) => ["switch", "turn_on", { entity_id: entityId }],
  input_boolean: (entityId) => ["input_boolean", "turn_on", { entity_id: entityId }],
  input_button: (entityId) => ["input_button", "press", { entity_id: entityId }],
  input_datetime: (entityId) => ["input_datetime", "set_datetime", { entity_id: entityId, timestamp: Math.floor(Date.now() / 1000) }],
};

// Whether a moment lies in the child's night window.
const atNight = (child, now = Date.now()) => now >= Date.parse(child.night.start) && now < Date.parse(child.night.end);

// The health visitor's report (sleep-coach-report.js, in the same versioned folder as this
// module), loaded on first use and shown over the whole page, on a dashboard and in the
// panel alike.
const openReport = async (hass, entryId) => {
  await import(new URL("sleep-coach-report.js", import.meta.url).href);
  const report = document.createElement("sleep-coach-report");
  report.hass = hass;
  report.entryId = entryId;
  document.body.appendChild(report);
};

const STYLE = `
  :host {
    display: block;
    container: card / inline-size;
    /* Dim, warm colours for a dark nursery corridor: nothing brighter than candle light. */
    --sc-bg: #100d0b;
    --sc-panel: #1a1512;
    --sc-line: #2c241e;
    --sc-text: #cdb9a2;
    --sc-dim: #8a7866;
    --sc-calm: #6f8f72;
    --sc-wait: #b8924f;
    --sc-due: #c2703c;
    --sc-alert: #b9574a;
    --sc-parent: #7087a6;
    --sc-self_soothed: #5f8f68;
    --sc-early_intervention: #a3894b;
    --sc-settled_after_check_in: #b5773f;
    --sc-attended_need: #a65a4f;
    --sc-attended_concern: #8f3f4f;
    --sc-settled_before_parent: #6a7fa0;
    --sc-open: #c9894f;
    --sc-button: #241c16;
    --sc-button-line: #3a2f26;
  }
  /* The day look: a little brighter and cooler, still without white. */
  .card[data-look="day"] {
    --sc-bg: #1f1b18;
    --sc-panel: #2a2420;
    --sc-line: #3d342d;
    --sc-text: #e3d6c6;
    --sc-dim: #a8998a;
    --sc-button: #302823;
    --sc-button-line: #4a3f36;
  }
  /* The night look: dimmer still, nothing bright. */
  .card[data-look="night"] { --sc-text: #b9a58f; --sc-dim: #7c6b5b; }
  ha-card, .card {
    background: var(--sc-bg);
    color: var(--sc-text);
    border-radius: 16px;
    border: 1px solid var(--sc-line);
    padding: 20px 24px;
    font-family: var(--paper-font-body1_-_font-family, system-ui, sans-serif);
    font-size: 20px;
    line-height: 1.35;
  }
  .message { font-size: 24px; color: var(--sc-dim); padding: 12px 0; }
  section.child + section.child { margin-top: 28px; padding-top: 24px; border-top: 1px solid var(--sc-line); }
  .now-col, .later-col { min-width: 0; }
  /* The state's size follows the room its column leaves it (cqi below). */
  .now-col { container: now / inline-size; }
  .later-col > h3:first-child, .later-col > [data-block]:first-child > .plan > h3:first-child { margin-top: 0; }
  /* Wide: what to do now on the left, tonight and the trends on the right. */
  @container card (min-width: 860px) {
    section.child { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr); gap: 0 32px; align-items: start; }
  }
  .todo { font-size: 28px; font-weight: 600; color: var(--sc-text); margin: 8px 0 4px; }
  .todo[data-mode="check_in_due"], .todo[data-mode="needs_attention"] { color: var(--sc-due); }
  .duty { font-size: 20px; color: var(--sc-dim); margin-top: 4px; }
  .unconfirmed { font-size: 22px; color: var(--sc-due); margin-top: 4px; }
  .press-error { font-size: 20px; color: var(--sc-alert); margin-top: 10px; }
  .elsewhere { font-size: 18px; color: var(--sc-dim); margin-top: 8px; }
  .later { font-size: 18px; color: var(--sc-dim); padding: 6px 0; }
  /* The name and the coach's state on the left, side by side while they fit; the Report
     pill stays top-right, however long the state's words are in the family's language. */
  .head { display: flex; align-items: flex-start; gap: 8px 16px; }
  .who { flex: 1 1 auto; min-width: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 24px; }
  .name { font-size: 34px; font-weight: 600; color: var(--sc-text); margin: 0; min-width: 0; overflow-wrap: anywhere; }
  /* Level with the first line of name and state, however many lines the state takes. */
  .report { flex: none; margin: 12px 0 0 auto; font: inherit; font-size: 15px; color: var(--sc-dim); background: none; border: 1px solid currentColor; border-radius: 999px; padding: 4px 14px; cursor: pointer; }
  /* A state longer than the column wraps inside it, hyphenated by the card's language. */
  /* As large as the column allows for the state's longest word (--longest, in letters,
     about 0.62 em each in bold) beside the Report pill, so a long word (German
     "Aufmerksamkeit") shrinks a little rather than breaking mid-word. */
  .state { --sc-state-size: 40px; font-size: min(var(--sc-state-size), calc((100cqi - 130px) / (var(--longest, 1) * 0.62))); font-weight: 700; min-width: 0; max-width: 100%; overflow-wrap: break-word; -webkit-hyphens: auto; hyphens: auto; }
  .state[data-mode="daytime"], .state[data-mode="idle"] { color: var(--sc-calm); }
  .state[data-mode="idle"][data-call] { color: var(--sc-due); }
  .call { font-size: 30px; font-weight: 700; color: var(--sc-due); }
  .state[data-mode="self_soothing"] { color: var(--sc-wait); }
  .state[data-mode="check_in_due"] { color: var(--sc-due); }
  .state[data-mode="needs_attention"] { color: var(--sc-alert); }
  .state[data-mode="attending"] { color: var(--sc-parent); }
  .countdown { font-size: 56px; font-weight: 700; font-variant-numeric: tabular-nums; color: var(--sc-wait); }
  .countdown small { font-size: 20px; font-weight: 400; color: var(--sc-dim); margin-left: 8px; }
  .reasons { font-size: 24px; color: var(--sc-alert); margin-top: 4px; }
  .needs { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0; }
  .need { border-radius: 999px; padding: 6px 16px; background: var(--sc-panel); border: 1px solid var(--sc-line); font-size: 20px; }
  .need b { margin-right: 6px; }
  .need[data-state="met"] b { color: var(--sc-calm); }
  .need[data-state="unmet"] b, .need[data-state="unknown"] b { color: var(--sc-alert); }
  .need small { color: var(--sc-dim); margin-left: 6px; }
  h3 { font-size: 18px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; color: var(--sc-dim); margin: 20px 0 8px; }
  .timeline { position: relative; height: 84px; background: var(--sc-panel); border-radius: 10px; border: 1px solid var(--sc-line); overflow: hidden; }
  .tick { position: absolute; top: 0; bottom: 0; border-left: 1px solid var(--sc-line); }
  .tick { top: 0; bottom: 24px; }
  .tick span { position: absolute; top: 62px; left: 0; transform: translateX(-50%); font-size: 15px; color: var(--sc-dim); white-space: nowrap; }
  .tick[data-align="start"] span { transform: none; }
  .tick[data-align="end"] span { transform: translateX(-100%); }
  @container card (max-width: 560px) { .tick[data-odd] span { display: none; } }
  .episode { position: absolute; top: 8px; height: 44px; min-width: 6px; border-radius: 6px; }
  .episode[data-outcome="open"] { animation: breathe 2.4s ease-in-out infinite; }
  @keyframes breathe { 50% { opacity: 0.55; } }
  .mark { position: absolute; top: 4px; width: 0; height: 52px; }
  .mark::after { content: ""; position: absolute; left: -6px; top: -2px; border: 6px solid transparent; }
  .mark[data-kind="deadline"] { border-left: 2px dashed var(--sc-wait); }
  .mark[data-kind="deadline"]::after { border-top-color: var(--sc-wait); }
  .mark[data-kind="check_in_due"], .mark[data-kind="needs_attention"] { border-left: 2px solid var(--sc-alert); }
  .mark[data-kind="check_in_due"]::after, .mark[data-kind="needs_attention"]::after { border-top-color: var(--sc-alert); }
  .mark[data-kind="parent_arrived"] { border-left: 3px solid var(--sc-parent); }
  .mark[data-kind="parent_arrived"]::after { border-bottom-color: var(--sc-parent); top: 42px; }
  .mark[data-kind="parent_left"] { border-left: 3px dotted var(--sc-parent); }
  .now { position: absolute; top: 0; bottom: 24px; border-left: 2px solid var(--sc-text); opacity: 0.6; }
  .episodes { list-style: none; padding: 0; margin: 10px 0 0; display: grid; gap: 6px; }
  .episodes li { display: flex; flex-wrap: wrap; gap: 2px 14px; align-items: center; font-size: 20px; }
  .swatch { width: 18px; height: 18px; border-radius: 4px; flex: none; }
  .episodes .when { font-variant-numeric: tabular-nums; color: var(--sc-dim); white-space: nowrap; }
  .episodes .extra { color: var(--sc-dim); }
  .actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-top: 16px; }
  button.action {
    min-height: 76px; border-radius: 14px; border: 1px solid var(--sc-button-line); background: var(--sc-button);
    color: var(--sc-text); font-size: 24px; font-weight: 600; cursor: pointer; padding: 8px 12px;
    touch-action: manipulation;
  }
  button.action:active { background: var(--sc-line); }
  button.action[data-key="parent_arrived"] { border-color: var(--sc-parent); }
  button.action[data-done] { color: var(--sc-calm); border-color: var(--sc-calm); }
  .nights { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr); gap: 3px; align-items: end; height: 120px; }
  .night { display: flex; flex-direction: column; align-items: center; justify-content: flex-end; height: 100%; min-width: 0; }
  .night .bar { width: 70%; border-radius: 4px 4px 0 0; background: var(--sc-due); opacity: 0.8; min-height: 2px; }
  /* Fourteen nights share a column of a two-column card: small enough not to touch. */
  .night .rate { font-size: 11px; color: var(--sc-calm); height: 18px; white-space: nowrap; }
  .night .day { font-size: 12px; color: var(--sc-dim); margin-top: 4px; white-space: nowrap; }
  .legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 16px; color: var(--sc-dim); margin-top: 8px; }
  .legend span { display: inline-flex; align-items: center; gap: 6px; }
  /* The day under way (only by day): when the baby woke, the next sleep window, the naps. */
  .today { margin-top: 12px; }
  .today .awake { font-size: 24px; color: var(--sc-text); }
  .today .window { font-size: 24px; font-weight: 600; color: var(--sc-wait); }
  .today .window small { font-size: 16px; font-weight: 400; color: var(--sc-dim); margin-left: 8px; }
  .today .day-figures { font-size: 18px; color: var(--sc-dim); margin-top: 4px; }
  .naps { list-style: none; padding: 0; margin: 8px 0 0; display: grid; gap: 4px; }
  .naps li { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 20px; }
  .naps .when { font-variant-numeric: tabular-nums; color: var(--sc-dim); white-space: nowrap; }
  .naps li[data-open] .when { color: var(--sc-wait); }
  .naps .extra { color: var(--sc-dim); }
  .plan { margin-top: 20px; }
  .plan-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 18px; }
  .plan-title { font-size: 28px; font-weight: 600; color: var(--sc-text); }
  .plan-badge { font-size: 18px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; color: var(--sc-wait); border: 1px solid var(--sc-wait); border-radius: 999px; padding: 2px 12px; }
  .plan-tonight { font-size: 24px; color: var(--sc-wait); margin-top: 2px; }
  .plan[data-paused] .plan-tonight { color: var(--sc-dim); }
  .plan-nights { display: flex; flex-wrap: wrap; gap: 10px 8px; margin-top: 12px; }
  .plan-night { width: 58px; display: flex; flex-direction: column; align-items: center; gap: 2px; }
  .plan-night .dot { width: 26px; height: 26px; border-radius: 50%; border: 2px solid transparent; box-sizing: border-box; }
  .plan-night[data-band="good"] .dot { background: var(--sc-self_soothed); }
  .plan-night[data-band="fair"] .dot { background: var(--sc-early_intervention); }
  .plan-night[data-band="poor"] .dot { background: var(--sc-settled_after_check_in); }
  .plan-night[data-band="none"] .dot { border-color: var(--sc-dim); }
  .plan-night[data-band="paused"] .dot { border: 2px dashed var(--sc-dim); }
  .plan-night .share { font-size: 16px; font-variant-numeric: tabular-nums; color: var(--sc-text); }
  .plan-night[data-band="none"] .share, .plan-night[data-band="paused"] .share { color: var(--sc-dim); }
  .plan-night .number { font-size: 15px; color: var(--sc-dim); }
  table.plan-summary { border-collapse: collapse; margin-top: 12px; font-size: 20px; width: 100%; max-width: 640px; table-layout: fixed; }
  .plan-summary th, .plan-summary td { text-align: left; padding: 6px 10px 6px 0; vertical-align: baseline; overflow-wrap: anywhere; }
  .plan-summary thead th { font-size: 16px; font-weight: 400; color: var(--sc-dim); border-bottom: 1px solid var(--sc-line); }
  .plan-summary thead th span { display: block; white-space: nowrap; }
  .plan-summary thead th b { display: block; font-size: 20px; font-weight: 600; color: var(--sc-text); }
  .plan-summary tbody th { font-weight: 400; color: var(--sc-dim); width: 42%; }
  .plan-summary td { font-size: 26px; font-weight: 600; font-variant-numeric: tabular-nums; color: var(--sc-text); }
  .plan-summary td small { font-size: 16px; font-weight: 400; color: var(--sc-dim); margin-left: 4px; }
  /* A narrow card (two children side by side, a phone): the same order, a little smaller. */
  @container card (max-width: 620px) {
    .card { padding: 16px 18px; }
    .name { font-size: 30px; }
    .state { --sc-state-size: 34px; }
    .report { margin-top: 8px; }
    .todo, .call { font-size: 24px; }
    .countdown { font-size: 48px; }
    button.action { min-height: 64px; font-size: 20px; }
    .plan-title { font-size: 24px; }
    .episodes li { font-size: 18px; }
  }
`;

class SleepCoachNightCard extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._config = {};
    this._data = undefined;
    this._error = undefined;
    this._signature = "";
    this._inFlight = false;
    this._again = false;
    // What each block of the card last showed, so that only what changed is drawn again.
    this._shown = new Map();
    this._layout = "";
    this._pressErrors = new Map();
    this.shadowRoot.addEventListener("click", (event) => {
      const button = event.target.closest && event.target.closest("button.action");
      if (button && !button.disabled) this._press(button);
      const report = event.target.closest && event.target.closest("button.report");
      if (report && this._hass) openReport(this._hass, report.dataset.entryId);
    });
  }

  static getStubConfig() {
    // Without an entry id the card shows every child, which suits the usual one-child home.
    return {};
  }

  static getConfigElement() {
    return document.createElement(`${CARD_TAG}-editor`);
  }

  setConfig(config) {
    // The frontend shows these in its error card; the words of the last answer, if any.
    if (config.look !== undefined && !["auto", "night", "day"].includes(config.look)) {
      throw new Error(fill(this._words(), "card_editor_look"));
    }
    if (config.entry_id !== undefined && typeof config.entry_id !== "string") {
      throw new Error(fill(this._words(), "card_config_entry_id"));
    }
    // At most as many nights as Sleep Coach keeps (`nights_kept` in its answer) are shown.
    if (config.nights !== undefined && !(Number.isInteger(config.nights) && config.nights >= 1)) {
      throw new Error(fill(this._words(), "card_config_nights"));
    }
    // `look`: "night" or "day" always; otherwise the night look during the night window.
    this._config = { ...config };
    this._data = undefined;
    this._signature = "";
    if (this._hass) this._refresh();
  }

  // An answer already in hand (the panel's, for every child, asked for with `hass`): the
  // card draws it at once instead of asking again, and asks only once an entity changes.
  showAnswer(data, hass) {
    const wanted = this._config.entry_id;
    const children = wanted === undefined ? data.children : data.children.filter((child) => child.entry_id === wanted);
    if (children.length === 0) return;
    this._hass = hass;
    this._data = { ...data, children };
    this._error = undefined;
    this._signature = this._entitySignature();
    this._render();
  }

  set hass(hass) {
    this._hass = hass;
    const signature = this._entitySignature();
    if (this._data === undefined || signature !== this._signature) {
      this._signature = signature;
      this._refresh();
    } else {
      this._renderLive();
    }
  }

  get hass() {
    return this._hass;
  }

  getCardSize() {
    return 12;
  }

  getGridOptions() {
    return { columns: "full", min_columns: 6, rows: "auto" };
  }

  connectedCallback() {
    this._redraw = setInterval(() => this._render(), REDRAW_MS);
    this._tick = setInterval(() => this._renderLive(), 1000);
    this._refetch = setInterval(() => this._refresh(), REFETCH_MS);
    if (this._hass && this._data === undefined) this._refresh();
  }

  disconnectedCallback() {
    clearInterval(this._redraw);
    clearInterval(this._tick);
    clearInterval(this._refetch);
  }

  // The states of every entity of the children shown, and the user's language and locale:
  // any change means new data (or new words).
  _entitySignature() {
    if (!this._data || !this._hass) return "";
    const locale = this._hass.locale || {};
    return [this._hass.language, locale.language, locale.time_format, locale.number_format]
      .concat(
        this._data.children
          .flatMap((child) => Object.values(child.entities))
          .map((entityId) => {
            const state = this._hass.states[entityId];
            return state ? `${entityId}:${state.last_updated}` : entityId;
          }),
      )
      .join("|");
  }

  async _refresh() {
    if (!this._hass) return;
    if (this._inFlight) {
      this._again = true;
      return;
    }
    this._inFlight = true;
    try {
      this._data = await fetchNight(this._hass, this._config.entry_id);
      this._error = undefined;
      this._signature = this._entitySignature();
    } catch (err) {
      this._error = err || {};
      // An error brings no words: those of an answer for every child, if there is one.
      await loadWords(this._hass);
    } finally {
      this._inFlight = false;
    }
    this._render();
    if (this._again) {
      this._again = false;
      this._refresh();
    }
  }

  // The words in the user's language: the answer's, else the last ones any answer brought.
  _words() {
    return this._data?.words || knownWords(this._hass?.language);
  }

  _t(key, values) {
    return fill(this._words(), key, values);
  }

  _errorHtml() {
    const err = this._error;
    const detail = err.message || String(err.code || err);
    const words = this._words();
    // Without the integration's answer there is no word to frame the error with.
    if (!words) return `<div class="message">${escapeHtml(detail)}</div>`;
    const text =
      err.translation_key === "child_not_found"
        ? this._t("card_child_not_found", err.translation_placeholders || { entry_id: this._config.entry_id })
        : this._t("card_error", { error: detail });
    return `<div class="message">${escapeHtml(text)}</div>`;
  }

  // The look: the night look during a child's night window (or always, or never).
  _look() {
    if (this._config.look === "night" || this._config.look === "day") return this._config.look;
    const children = this._data?.children || [];
    return children.some((child) => atNight(child)) ? "night" : "day";
  }

  _render() {
    const root = this.shadowRoot;
    let message;
    if (this._error) {
      message = this._errorHtml();
    } else if (this._data === undefined) {
      message = `<div class="message">${this._words() ? escapeHtml(this._t("card_loading")) : ""}</div>`;
    } else if (this._data.children.length === 0) {
      message = `<div class="message">${escapeHtml(this._t("card_no_children"))}</div>`;
    }
    const children = message === undefined ? this._data.children : [];
    // The frame is drawn again only when the children shown change; then each block only
    // when what it shows does, so a button mid-press is left alone.
    const layout = message === undefined ? children.map((child) => child.entry_id).join("|") : `message:${message}`;
    if (layout !== this._layout || !root.querySelector("ha-card")) {
      this._layout = layout;
      this._shown.clear();
      const sections = children
        .map(
          (child) =>
            `<section class="child" data-entry-id="${escapeHtml(child.entry_id)}"><div class="now-col"></div><div class="later-col"></div></section>`,
        )
        .join("");
      root.innerHTML = `<style>${STYLE}</style><ha-card class="card">${message ?? sections}</ha-card>`;
    }
    const card = root.querySelector("ha-card");
    const look = this._look();
    if (card.dataset.look !== look) card.dataset.look = look;
    // The words' language, so that a long word (a German coach state) is hyphenated by its
    // own rules where it has to wrap.
    const lang = this._hass?.language || "";
    if (card.lang !== lang) card.lang = lang;
    if (message !== undefined) return;
    const format = timeFormat(this._hass);
    for (const child of children) {
      const section = root.querySelector(`section.child[data-entry-id="${CSS.escape(child.entry_id)}"]`);
      if (section.dataset.mode !== child.status.mode) section.dataset.mode = child.status.mode;
      const blocks = this._blocks(child, format);
      for (const [column, names] of [["now-col", ["head", "todo", "today", "needs", "actions"]], ["later-col", look === "night" ? ["plan", "tonight", "nights"] : ["nights", "plan", "tonight"]]]) {
        const holder = section.querySelector(`.${column}`);
        for (const name of names) {
          let block = holder.querySelector(`:scope > [data-block="${name}"]`);
          if (!block) {
            block = document.createElement("div");
            block.dataset.block = name;
          }
          // Day and night order the right-hand column differently.
          holder.appendChild(block);
          const key = `${child.entry_id}/${name}`;
          if (this._shown.get(key) !== blocks[name]) {
            this._shown.set(key, blocks[name]);
            block.innerHTML = blocks[name];
          }
        }
      }
    }
    this._renderLive();
  }

  // Whether the coach, listening at night, would call a parent at the first cry: a need is
  // unmet or unknown.
  _callsParent(child) {
    return child.status.mode === "idle" && atNight(child) && child.checklist.some((line) => line.state !== "met");
  }

  _blocks(child, format) {
    const words = this._words();
    const status = child.status;
    const stateObj = child.entities.coach_state && this._hass.states[child.entities.coach_state];
    const calls = this._callsParent(child);
    // The entity's own translated state where the frontend has it; the card's word otherwise.
    const modeLabel =
      (stateObj && this._hass.formatEntityState && this._hass.formatEntityState(stateObj)) || nameOf(words, MODE, status.mode);
    // During a nap the state line says so: "Napping" while all is calm, else the state in a nap.
    const napping = Boolean(status.nap_start);
    const label = !napping ? modeLabel : status.mode === "idle" ? this._t("card_state_napping") : this._t("card_state_in_nap", { state: modeLabel });
    const reasons = status.reasons.length
      ? `<div class="reasons">${escapeHtml(this._t("card_reasons", { reasons: status.reasons.map((r) => nameOf(words, REASON, r)).join(", ") }))}</div>`
      : "";
    const unmet = child.checklist.filter((line) => line.state !== "met").map((line) => nameOf(words, NEED, line.need));
    // Listening, but not calmly: the first cry calls a parent, and why.
    const unconfirmed = calls
      ? `<div class="call">${escapeHtml(this._t("card_mode_idle_call"))}</div><div class="unconfirmed">${escapeHtml(this._t("card_idle_unconfirmed", { needs: unmet.join(", ") }))}</div>`
      : "";
    const countdown =
      status.deadline && (status.mode === "self_soothing" || status.mode === "check_in_due")
        ? `<div class="countdown" data-deadline="${escapeHtml(status.deadline)}"></div>`
        : "";
    const tonight = this._t("card_tonight", {
      start: format.format(new Date(child.night.start)),
      end: format.format(new Date(child.night.end)),
    });
    return {
      head: `
        <div class="head">
          <div class="who">
            <h2 class="name">${escapeHtml(child.name)}</h2>
            <div class="state" data-mode="${escapeHtml(status.mode)}"${calls ? " data-call" : ""}${napping ? " data-nap" : ""} style="--longest: ${longestWord(label)}">${escapeHtml(label)}</div>
          </div>
          <button class="report" type="button" data-entry-id="${escapeHtml(child.entry_id)}">${escapeHtml(this._t("card_report"))}</button>
        </div>
        ${countdown}${reasons}${unconfirmed}`,
      todo: this._todoHtml(child, format, calls),
      today: this._todayHtml(child, format),
      needs: this._needsHtml(child, format),
      actions: this._actionsHtml(child),
      plan: this._planHtml(child),
      tonight: `<h3>${escapeHtml(tonight)}</h3>${this._timelineHtml(child, format)}${this._episodesHtml(child, format)}`,
      nights: `<h3>${escapeHtml(this._t("card_last_nights", { nights: numberFormat(this._hass).format(this._nightsShown()) }))}</h3>${this._nightsHtml(child)}`,
    };
  }

  // What to do now, in words, from tonight's deadline and waits; and who is on duty.
  _todoHtml(child, format, calls) {
    const status = child.status;
    const number = numberFormat(this._hass, { maximumFractionDigits: 1 });
    let todo = "";
    if (status.mode === "self_soothing" && status.deadline) {
      todo = this._t("card_do_wait", { time: format.format(new Date(status.deadline)) });
    } else if (status.mode === "check_in_due") {
      todo = this._t("card_do_check_in");
    } else if (status.mode === "attending") {
      todo = this._t("card_do_attending");
    } else if (status.mode === "idle" && status.nap_start) {
      todo = status.nap_asleep
        ? this._t("card_do_nap_asleep", { time: format.format(new Date(status.nap_asleep)) })
        : this._t("card_do_nap", { time: format.format(new Date(status.nap_start)) });
    } else if (status.mode === "idle" && !calls && atNight(child)) {
      const waits = child.plan && !child.plan.paused ? child.plan.waits_minutes : null;
      todo = waits && waits.length ? this._t("card_do_idle_waits", { minutes: number.format(waits[0]) }) : this._t("card_do_idle");
    }
    const dutyEntity = child.entities.parent_on_duty && this._hass.states[child.entities.parent_on_duty];
    const parent = dutyEntity && !["unknown", "unavailable", ""].includes(dutyEntity.state)
      ? (this._hass.formatEntityState && this._hass.formatEntityState(dutyEntity)) || dutyEntity.state
      : "";
    const duty = parent ? `<div class="duty">${escapeHtml(this._t("card_on_duty", { parent }))}</div>` : "";
    return `${todo ? `<div class="todo" data-mode="${escapeHtml(status.mode)}">${escapeHtml(todo)}</div>` : ""}${duty}`;
  }

  // By day: when the baby woke, the next sleep window and today's naps (the one under way
  // last). Nothing at night, so the night view keeps its room.
  _todayHtml(child, format) {
    const day = child.day;
    if (!day || atNight(child)) return "";
    const number = numberFormat(this._hass, { maximumFractionDigits: 0 });
    const time = (iso) => format.format(new Date(iso));
    const lines = [];
    if (day.awake_since) lines.push(`<div class="awake">${escapeHtml(this._t("card_awake_since", { time: time(day.awake_since) }))}</div>`);
    const sleepWindow = day.sleep_window;
    if (sleepWindow) {
      const how = this._t(sleepWindow.learned ? "card_window_learned" : "card_window_by_age");
      const between = this._t("card_next_sleep", { earliest: time(sleepWindow.earliest), latest: time(sleepWindow.latest) });
      lines.push(`<div class="window"${sleepWindow.learned ? " data-learned" : ""}>${escapeHtml(between)}<small>${escapeHtml(how)}</small></div>`);
    }
    const naps = day.naps.map((nap) => {
      const to = nap.end ? time(nap.end) : this._t("card_episode_now");
      const extra = [];
      if (nap.asleep) extra.push(this._t("card_nap_asleep", { time: time(nap.asleep) }));
      else extra.push(this._t(nap.end ? "card_nap_not_asleep" : "card_nap_falling_asleep"));
      if (nap.cry_minutes > 0) extra.push(this._t("card_episode_crying", { minutes: number.format(nap.cry_minutes) }));
      // A nap the parents ended needs no word; the longest nap or the night ending one does.
      if (nap.ended_by && nap.ended_by !== "ended") extra.push(nameOf(this._words(), NAP_END, nap.ended_by));
      return `<li data-nap${nap.end ? "" : " data-open"}${nap.ended_by ? ` data-ended-by="${escapeHtml(nap.ended_by)}"` : ""}><span class="when">${escapeHtml(time(nap.start))}–${escapeHtml(to)}</span><span class="extra">${escapeHtml(extra.join(" · "))}</span></li>`;
    });
    const figures = day.figures && day.figures.naps
      ? `<div class="day-figures">${escapeHtml(this._t("card_today_figures", { count: number.format(day.figures.naps), minutes: number.format(day.figures.day_sleep_minutes) }))}</div>`
      : "";
    const list = naps.length ? `<ul class="naps">${naps.join("")}</ul>` : `<div class="later">${escapeHtml(this._t("card_naps_none"))}</div>`;
    return `<div class="today" data-day="${escapeHtml(day.date)}"><h3>${escapeHtml(this._t("card_today"))}</h3>${lines.join("")}${list}${figures}</div>`;
  }

  _needsHtml(child, format) {
    if (!child.checklist.length) return "";
    const marks = { met: "✓", unmet: "✗", unknown: "?" };
    return `<div class="needs">${child.checklist
      .map((line) => {
        const since = line.since ? `<small>${escapeHtml(format.format(new Date(line.since)))}</small>` : "";
        return `<span class="need" data-need="${escapeHtml(line.need)}" data-state="${escapeHtml(line.state)}"><b>${marks[line.state] || "?"}</b>${escapeHtml(nameOf(this._words(), NEED, line.need))}${since}</span>`;
      })
      .join("")}</div>`;
  }

  // A button per need, whatever its source, and the parent's; a need with a read-only
  // source says where it is logged instead.
  _actionsHtml(child) {
    const words = this._words();
    const needButtons = [];
    const elsewhere = [];
    for (const line of child.checklist) {
      if (!line.entity_id) continue;
      const logger = LOGGERS[line.domain];
      const needName = nameOf(words, NEED, line.need);
      if (!logger) {
        const source = this._hass.states[line.entity_id]?.attributes?.friendly_name || line.entity_id;
        elsewhere.push(this._t("card_log_elsewhere", { need: needName, source }));
        continue;
      }
      const action = NEED_ACTIONS[line.need];
      const text = action ? this._t(`card_action_${action.key}`) : this._t("card_action_log_need", { need: needName });
      needButtons.push(
        `<button class="action" data-key="${escapeHtml(action ? action.key : `log_${line.need}`)}" data-need="${escapeHtml(line.need)}" data-entity="${escapeHtml(line.entity_id)}" data-domain="${escapeHtml(line.domain)}"><ha-icon icon="${action ? action.icon : "mdi:check"}" aria-hidden="true"></ha-icon> ${escapeHtml(text)}</button>`,
      );
    }
    const parentButtons = ACTIONS.filter((action) => child.entities[action.key])
      // "I've left" only matters while a parent is in; "I'm going in" whenever they are not.
      .filter((action) =>
        action.key === "parent_left" ? child.status.mode === "attending" : action.key !== "parent_arrived" || child.status.mode !== "attending",
      )
      .map(
        (action) =>
          `<button class="action" data-key="${action.key}" data-entity="${escapeHtml(child.entities[action.key])}" data-domain="button"><ha-icon icon="${action.icon}" aria-hidden="true"></ha-icon> ${escapeHtml(this._t(`card_action_${action.key}`))}</button>`,
      );
    const buttons = needButtons.concat(parentButtons);
    const failed = this._pressErrors.get(child.entry_id);
    return `${buttons.length ? `<div class="actions">${buttons.join("")}</div>` : ""}${elsewhere.map((text) => `<div class="elsewhere">${escapeHtml(text)}</div>`).join("")}${failed ? `<div class="press-error" role="alert">${escapeHtml(this._t("card_press_failed", { error: failed }))}</div>` : ""}`;
  }

  // The sleep-training plan: tonight's plan night and waits (or the parent's place), each
  // played night's adherence and, once finished, its first and last nights side by side.
  _planHtml(child) {
    const plan = child.plan;
    if (!plan) return "";
    const words = this._words();
    const number = numberFormat(this._hass, { maximumFractionDigits: 1 });
    const percent = numberFormat(this._hass, { style: "percent", maximumFractionDigits: 0 });
    const day = new Intl.DateTimeFormat(languageOf(this._hass), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
    const dateOf = (iso) => day.format(new Date(`${iso}T12:00:00Z`));
    const method = nameOf(words, METHOD, plan.method);
    const values = { method, night: number.format(plan.night), nights: number.format(plan.nights) };
    let title;
    if (plan.finished) title = this._t("card_plan_finished", values);
    else if (plan.first_night > child.night.date) title = this._t("card_plan_title_upcoming", { ...values, date: dateOf(plan.first_night) });
    else title = this._t("card_plan_title", values);
    const tonight = [];
    if (plan.paused) {
      tonight.push(this._t("card_plan_paused_tonight"));
    } else {
      if (plan.position) tonight.push(nameOf(words, POSITION, plan.position));
      if (plan.waits_minutes && plan.waits_minutes.length) {
        tonight.push(this._t("card_plan_waits", { waits: plan.waits_minutes.map((wait) => number.format(wait)).join(", ") }));
      }
    }
    const badge = plan.paused ? `<span class="plan-badge">${escapeHtml(this._t("card_plan_paused"))}</span>` : "";
    return `
      <div class="plan" data-method="${escapeHtml(plan.method)}"${plan.paused ? " data-paused" : ""}${plan.finished ? " data-finished" : ""}>
        <h3>${escapeHtml(this._t("card_plan_heading"))}</h3>
        <div class="plan-head"><span class="plan-title">${escapeHtml(title)}</span>${badge}</div>
        ${tonight.length ? `<div class="plan-tonight">${escapeHtml(tonight.join(" · "))}</div>` : ""}
        ${this._planNightsHtml(plan, dateOf, number, percent)}
        ${this._planSummaryHtml(plan, dateOf, number, percent)}
      </div>`;
  }

  _planNightsHtml(plan, dateOf, number, percent) {
    if (!plan.nights_played.length) return "";
    const cells = plan.nights_played.map((night) => {
      const band = adherenceBand(night);
      const share = band === "none" || band === "paused" ? "–" : percent.format(night.adherence);
      const shown = night.paused ? this._t("card_plan_night_paused") : share;
      const what = night.paused
        ? this._t("card_plan_night_what_paused")
        : band === "none"
          ? this._t("card_plan_night_no_wakings")
          : this._t("card_plan_night_wakings", { episodes: number.format(night.episodes), share });
      const title = this._t("card_plan_night_title", { date: dateOf(night.night), number: number.format(night.number), what });
      return `<div class="plan-night" data-night="${escapeHtml(night.night)}" data-band="${escapeHtml(band)}" title="${escapeHtml(title)}"><span class="dot"></span><span class="share">${escapeHtml(shown)}</span><span class="number">${escapeHtml(number.format(night.number))}</span></div>`;
    });
    return `<div class="plan-nights">${cells.join("")}</div><div class="legend"><span>${escapeHtml(this._t("card_plan_nights_legend"))}</span></div>`;
  }

  _planSummaryHtml(plan, dateOf, number, percent) {
    if (!plan.finished || !plan.summary) return "";
    const { first, last } = plan.summary;
    const unit = escapeHtml(this._t("card_unit_minutes"));
    const minutes = (value) =>
      value === null || value === undefined ? "–" : `${escapeHtml(number.format(value))}<small>${unit}</small>`;
    const share = (value) => (value === null || value === undefined ? "–" : percent.format(value));
    const rows = [
      ["card_summary_wakings", (night) => escapeHtml(number.format(night.episodes))],
      ["card_summary_crying", (night) => minutes(night.cry_minutes)],
      ["card_summary_settle", (night) => minutes(night.median_settle_minutes)],
      ["card_summary_waited", (night) => escapeHtml(share(night.adherence))],
    ];
    const head = (key, night) =>
      `<b>${escapeHtml(this._t(key))}</b><span>${escapeHtml(this._t("card_summary_night", { number: number.format(night.number) }))}</span><span>${escapeHtml(dateOf(night.night))}</span>`;
    return `
      <table class="plan-summary">
        <thead><tr><th></th><th>${head("card_summary_first", first)}</th><th>${head("card_summary_last", last)}</th></tr></thead>
        <tbody>${rows.map(([key, value]) => `<tr><th>${escapeHtml(this._t(key))}</th><td>${value(first)}</td><td>${value(last)}</td></tr>`).join("")}</tbody>
      </table>`;
  }

  _timelineHtml(child, format) {
    const start = Date.parse(child.night.start);
    const end = Date.parse(child.night.end);
    const span = end - start;
    const at = (ms) => Math.min(100, Math.max(0, ((ms - start) / span) * 100));
    const parts = [];
    // A tick every hour, or every two on a long night, labelled in the home's time zone.
    const hour = 3600 * 1000;
    const step = span > 8 * hour ? 2 * hour : hour;
    const firstTick = Math.ceil(start / hour) * hour;
    let index = 0;
    for (let tick = firstTick; tick < end; tick += step) {
      // A label near an edge starts (or ends) at its tick rather than centring on it, so it
      // is never cut off; right at an edge there is no room for one.
      const x = at(tick);
      const align = x < 15 ? "start" : x > 85 ? "end" : "middle";
      const label = x > 1 && x < 99 ? `<span>${escapeHtml(format.format(new Date(tick)))}</span>` : "";
      parts.push(`<div class="tick"${index % 2 ? " data-odd" : ""} data-align="${align}" style="left:${x}%">${label}</div>`);
      index += 1;
    }
    const now = Date.now();
    for (const episode of child.episodes) {
      const from = Date.parse(episode.start);
      const to = episode.end ? Date.parse(episode.end) : now;
      const outcome = episode.outcome || "open";
      parts.push(
        `<div class="episode" data-outcome="${escapeHtml(outcome)}" title="${escapeHtml(nameOf(this._words(), OUTCOME, outcome))}" style="left:${at(from)}%;width:${Math.max(0, at(to) - at(from))}%;background:var(--sc-${escapeHtml(outcome)})"></div>`,
      );
    }
    for (const mark of child.marks) {
      parts.push(`<div class="mark" data-kind="${escapeHtml(mark.kind)}" style="left:${at(Date.parse(mark.at))}%"></div>`);
    }
    if (now >= start && now < end) parts.push(`<div class="now" style="left:${at(now)}%"></div>`);
    return `<div class="timeline" data-night="${escapeHtml(child.night.date)}">${parts.join("")}</div>`;
  }

  _episodesHtml(child, format) {
    if (!child.episodes.length) return `<div class="message">${escapeHtml(this._t("card_no_wakings"))}</div>`;
    const words = this._words();
    const number = numberFormat(this._hass, { maximumFractionDigits: 0 });
    const items = child.episodes.map((episode) => {
      const outcome = episode.outcome || "open";
      const from = format.format(new Date(episode.start));
      const to = episode.end ? format.format(new Date(episode.end)) : this._t("card_episode_now");
      const label = nameOf(words, OUTCOME, outcome);
      const extra = episode.cry_minutes !== undefined ? this._t("card_episode_crying", { minutes: number.format(episode.cry_minutes) }) : "";
      const reasons = episode.reasons.length
        ? ` · ${episode.reasons.map((r) => escapeHtml(nameOf(words, REASON, r))).join(", ")}`
        : "";
      return `<li data-episode data-outcome="${escapeHtml(outcome)}"><span class="swatch" style="background:var(--sc-${escapeHtml(outcome)})"></span><span class="when">${escapeHtml(from)}–${escapeHtml(to)}</span><span class="label">${escapeHtml(label)}</span><span class="extra">${escapeHtml(extra)}${reasons}</span></li>`;
    });
    return `<ul class="episodes">${items.join("")}</ul>`;
  }

  _nightsShown() {
    const kept = this._data.nights_kept;
    return Math.min(this._config.nights || kept, kept);
  }

  _nightsHtml(child) {
    const nights = child.nights.slice(-this._nightsShown());
    if (!nights.length) return `<div class="later">${escapeHtml(this._t("card_nights_empty"))}</div>`;
    const most = Math.max(1, ...nights.map((night) => night.cry_minutes || 0));
    const day = new Intl.DateTimeFormat(languageOf(this._hass), { weekday: "short", timeZone: "UTC" });
    const date = new Intl.DateTimeFormat(languageOf(this._hass), { dateStyle: "medium", timeZone: "UTC" });
    const number = numberFormat(this._hass, { maximumFractionDigits: 0 });
    const percent = numberFormat(this._hass, { style: "percent", maximumFractionDigits: 0 });
    const titles = [];
    const bars = nights.map((night) => {
      const noon = new Date(`${night.night}T12:00:00Z`);
      const height = Math.round(((night.cry_minutes || 0) / most) * 100);
      const rate = night.self_soothe_rate === null || night.self_soothe_rate === undefined ? "" : percent.format(night.self_soothe_rate);
      const values = { date: date.format(noon), episodes: number.format(night.episodes), minutes: number.format(night.cry_minutes || 0), rate };
      const title = this._t(rate ? "card_night_title_rate" : "card_night_title", values);
      titles.push(title);
      return `<div class="night" data-night="${escapeHtml(night.night)}" title="${escapeHtml(title)}"><div class="rate">${escapeHtml(rate)}</div><div class="bar" style="height:calc(${height}% - 48px)"></div><div class="day">${escapeHtml(day.format(noon))}</div></div>`;
    });
    const graphsLater = (child.nights_over || 0) < 2 ? `<div class="later">${escapeHtml(this._t("card_graphs_later"))}</div>` : "";
    // A single night is its figures in words: a chart of one bar says nothing.
    if (nights.length < 2) {
      return `${nights.map((night) => `<div class="night-words" data-night="${escapeHtml(night.night)}">${escapeHtml(titles[0])}</div>`).join("")}${graphsLater}`;
    }
    return `<div class="nights">${bars.join("")}</div><div class="legend"><span>${escapeHtml(this._t("card_legend_bar"))}</span><span>${escapeHtml(this._t("card_legend_rate"))}</span></div>${graphsLater}`;
  }

  // What changes every second: the countdown to the self-soothe deadline.
  _renderLive() {
    for (const element of this.shadowRoot.querySelectorAll(".countdown[data-deadline]")) {
      const left = Math.max(0, Date.parse(element.dataset.deadline) - Date.now());
      const minutes = Math.floor(left / 60000);
      const seconds = Math.floor((left % 60000) / 1000);
      const digits = (value, width) => numberFormat(this._hass, { useGrouping: false, minimumIntegerDigits: width }).format(value);
      const clock = `${digits(minutes, 1)}:${digits(seconds, 2)}`;
      element.innerHTML = `${escapeHtml(clock)}<small>${escapeHtml(this._t(left > 0 ? "card_countdown_settle" : "card_countdown_check_in"))}</small>`;
    }
  }

  // Logs a need or a parent's coming and going; a failure is said under the buttons.
  async _press(button) {
    const entryId = button.closest("section.child")?.dataset.entryId;
    const logger = LOGGERS[button.dataset.domain] || LOGGERS.button;
    button.disabled = true;
    try {
      await this._hass.callService(...logger(button.dataset.entity));
      this._pressErrors.delete(entryId);
      button.dataset.done = "";
    } catch (err) {
      this._pressErrors.set(entryId, (err && (err.message || err.code)) || String(err));
    } finally {
      this._render();
      setTimeout(() => {
        button.disabled = false;
        delete button.dataset.done;
      }, 1500);
    }
  }
}

define(CARD_TAG, SleepCoachNightCard);

// The card picker's entry. The frontend reads its name and description when the picker
// opens, so they are filled in (and follow the language) as soon as an answer brings words;
// on loading, this module asks for the words itself once the frontend is connected, unless
// a card or the panel has brought them meanwhile. It waits a few seconds first, so that a
// page that shows the card or the panel does not ask twice while it starts.
window.customCards = window.customCards || [];
if (!window.customCards.some((card) => card.type === CARD_TAG)) {
  window.customCards.push({
    type: CARD_TAG,
    name: CARD_TAG,
    preview: false,
    documentationURL: "https://github.com/sleep-coach/ha-sleep-coach#wall-tablet-dashboard",
  });
}
nameCardInPicker(knownWords());

(async () => {
  await new Promise((resolve) => setTimeout(resolve, PICKER_WORDS_DELAY_MS));
  for (let attempt = 0; attempt < PICKER_WORDS_ATTEMPTS && !haveWords(); attempt += 1) {
    const hass = document.querySelector("home-assistant")?.hass;
    if (hass && hass.connection && hass.language) {
      await loadWords(hass);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
})();
