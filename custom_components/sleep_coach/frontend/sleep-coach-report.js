/*
 * Sleep Coach for Home Assistant: the health visitor's report of one child, over the last 14
 * or 30 nights. Plain JavaScript with no build step. The card loads this module, from the
 * same versioned folder as itself, the first time its "Report" button is pressed (a page that
 * never shows a report never downloads it), and lays the report over the whole page, on a
 * dashboard and in the sidebar panel alike. Words, numbers and times are written with the
 * shared module, so the report reads as the card does.
 *
 *   sleep-coach-report     properties: hass, entryId; closed with its own button
 *
 * Everything comes from the authenticated `sleep_coach/report` websocket command, words
 * included (its `report_*` texts and the card's names of outcomes, needs and methods), and
 * so do the CSV texts, which the page hands to the browser as downloads: there is no HTTP
 * endpoint. On paper it is black on white, and 14 nights fit two A4 pages.
 */

import { METHOD, NEED, define, escapeHtml, fill, languageOf, nameOf, numberFormat, timeFormat } from "./sleep-coach-common.js";

const REPORT_TAG = "sleep-coach-report";
const NIGHT_CHOICES = [14, 30];
// The page's own style for printing: only the report, on white A4 paper.
const PAGE_STYLE_ID = "sleep-coach-report-print";
const PAGE_STYLE = `
  @page { size: A4; margin: 12mm; }
  @media print {
    html, body { background: #fff !important; color: #000 !important; height: auto !important; overflow: visible !important; }
    body > *:not(sleep-coach-report) { display: none !important; }
  }
`;

const STYLE = `
  :host { position: fixed; inset: 0; z-index: 20; overflow: auto; background: #fff; color: #000; font-family: Roboto, Arial, sans-serif; font-size: 14px; }
  .paper { max-width: 980px; margin: 0 auto; padding: 16px 24px 32px; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 0 16px; border-bottom: 1px solid #ccc; margin-bottom: 12px; }
  .toolbar button, .toolbar select { font: inherit; padding: 6px 14px; border: 1px solid #555; border-radius: 4px; background: #f4f4f4; color: #000; cursor: pointer; }
  .toolbar .close { margin-left: auto; }
  h1 { font-size: 22px; margin: 0 0 2px; }
  h2 { font-size: 16px; margin: 16px 0 6px; }
  .made, .note { color: #333; margin: 2px 0; }
  table { border-collapse: collapse; width: 100%; break-inside: avoid; page-break-inside: avoid; }
  th, td { border: 1px solid #999; padding: 3px 6px; text-align: right; font-variant-numeric: tabular-nums; }
  /* A night's row stays one line high: its date and times never wrap; headings may. */
  td { white-space: nowrap; }
  /* The short tables (plan, concerns, needs) as wide as their figures, not the page. */
  section:not(.figures) table { width: auto; min-width: 50%; }
  th { background: #eee; font-weight: 600; }
  th:first-child, td:first-child { text-align: left; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-top: 12px; break-inside: avoid; page-break-inside: avoid; }
  .chart h3 { font-size: 13px; margin: 0 0 4px; font-weight: 600; }
  svg { width: 100%; height: auto; display: block; }
  svg text { font-size: 9px; fill: #000; }
  section { break-inside: avoid; page-break-inside: avoid; }
  .message { padding: 24px 0; }
  @media print {
    :host { position: static; overflow: visible; font-size: 8.5pt; }
    .paper { max-width: none; padding: 0; }
    .toolbar { display: none; }
    h1 { font-size: 15pt; }
    h2 { font-size: 11pt; margin: 8pt 0 4pt; }
    th, td { padding: 1.5pt 4pt; }
    th { background: #fff; }
  }
`;

// A night's date ("2024-06-01") as the user's locale writes a short day.
const dayFormat = (hass) => {
  const format = new Intl.DateTimeFormat(languageOf(hass), { weekday: "short", day: "numeric", month: "short" });
  return (night) => {
    const [year, month, day] = night.split("-").map(Number);
    return format.format(new Date(year, month - 1, day));
  };
};

// A bar chart of one figure per night, drawn as inline SVG; `value` returns null for none.
const barChart = (nights, value, label, maximum) => {
  const width = 460;
  const height = 130;
  const left = 26;
  const bottom = 18;
  const plotHeight = height - bottom - 6;
  const values = nights.map(value);
  const top = maximum ?? Math.max(1, ...values.filter((v) => v !== null));
  // A slot for each of at least 14 nights, so a first night is not one wide block.
  const step = (width - left) / Math.max(NIGHT_CHOICES[0], nights.length);
  const bars = values
    .map((v, index) => {
      const x = left + index * step + step * 0.15;
      const barHeight = v === null ? 0 : (v / top) * plotHeight;
      const tick = nights.length <= 16 || index % 2 === 0
        ? `<text x="${x + step * 0.35}" y="${height - 5}" text-anchor="middle">${escapeHtml(label(nights[index]))}</text>`
        : "";
      return `<rect x="${x}" y="${6 + plotHeight - barHeight}" width="${step * 0.7}" height="${barHeight}" fill="#444"></rect>${tick}`;
    })
    .join("");
  return `<svg viewBox="0 0 ${width} ${height}" role="img">
    <line x1="${left}" y1="${6 + plotHeight}" x2="${width}" y2="${6 + plotHeight}" stroke="#000"></line>
    <line x1="${left}" y1="6" x2="${left}" y2="${6 + plotHeight}" stroke="#000"></line>
    <text x="${left - 3}" y="12" text-anchor="end">${escapeHtml(Math.round(top))}</text>
    <text x="${left - 3}" y="${6 + plotHeight}" text-anchor="end">0</text>
    ${bars}</svg>`;
};

class SleepCoachReport extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.nights = NIGHT_CHOICES[0];
    this._data = undefined;
    this._error = undefined;
    this.shadowRoot.addEventListener("click", (event) => {
      const button = event.target.closest && event.target.closest("button[data-do]");
      if (!button) return;
      const act = button.dataset.do;
      if (act === "print") window.print();
      if (act === "close") this.remove();
      if (act === "nights_csv" || act === "episodes_csv") this._download(act);
    });
    this.shadowRoot.addEventListener("change", (event) => {
      if (event.target.matches && event.target.matches("select.nights")) {
        this.nights = Number(event.target.value);
        this._load();
      }
    });
  }

  connectedCallback() {
    if (!document.getElementById(PAGE_STYLE_ID)) {
      const style = document.createElement("style");
      style.id = PAGE_STYLE_ID;
      style.textContent = PAGE_STYLE;
      document.head.appendChild(style);
    }
    this._load();
  }

  async _load() {
    if (!this.hass || !this.entryId) return;
    this._render();
    try {
      this._data = await this.hass.callWS({
        type: "sleep_coach/report",
        entry_id: this.entryId,
        nights: this.nights,
        language: this.hass.language,
      });
      this._error = undefined;
    } catch (err) {
      this._error = err || {};
    }
    this._render();
  }

  _words() {
    return this._data && this._data.words;
  }

  _t(key, values) {
    return fill(this._words(), key, values);
  }

  _download(which) {
    const data = this._data;
    if (!data) return;
    // A byte-order mark, so spreadsheets read the file as UTF-8.
    const blob = new Blob(["\ufeff", data[which]], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    const kind = which === "nights_csv" ? "nights" : "episodes";
    link.download = `sleep-coach-${data.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${kind}.csv`;
    this.shadowRoot.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  _render() {
    const data = this._data;
    const words = this._words();
    let body;
    if (this._error) {
      const detail = this._error.message || String(this._error.code || this._error);
      body = `<div class="message">${escapeHtml(words ? this._t("report_error", { error: detail }) : detail)}</div>`;
    } else if (!data) {
      body = `<div class="message">${words ? escapeHtml(this._t("report_loading")) : ""}</div>`;
    } else {
      body = this._reportHtml(data);
    }
    const choices = NIGHT_CHOICES.map(
      (nights) =>
        `<option value="${nights}" ${nights === this.nights ? "selected" : ""}>${escapeHtml(this._t("report_nights_option", { nights }))}</option>`,
    ).join("");
    const toolbar = words
      ? `<div class="toolbar">
          <select class="nights">${choices}</select>
          <button type="button" data-do="print">${escapeHtml(this._t("report_print"))}</button>
          <button type="button" data-do="nights_csv">${escapeHtml(this._t("report_download_nights"))}</button>
          <button type="button" data-do="episodes_csv">${escapeHtml(this._t("report_download_episodes"))}</button>
          <button type="button" class="close" data-do="close">${escapeHtml(this._t("report_close"))}</button>
        </div>`
      : `<div class="toolbar"><button type="button" class="close" data-do="close">×</button></div>`;
    this.shadowRoot.innerHTML = `<style>${STYLE}</style><div class="paper">${toolbar}${body}</div>`;
  }

  _reportHtml(data) {
    const words = data.words;
    const t = (key, values) => escapeHtml(fill(words, key, values));
    const day = dayFormat(this.hass);
    // The user's number format and 12/24-hour choice, and the home's time zone, as on the card.
    const number = numberFormat(this.hass, { maximumFractionDigits: 1 });
    const show = (value) => (value === null || value === undefined ? "" : number.format(value));
    const percent = (rate) => (rate === null || rate === undefined ? "" : number.format(Math.round(rate * 100)));
    const clock = timeFormat(this.hass);
    const time = (at) => (at ? clock.format(new Date(at)) : "");
    const made = new Intl.DateTimeFormat(languageOf(this.hass), { dateStyle: "long" }).format(new Date());
    const parts = [`<h1>${t("report_title", { name: data.name })}</h1>`, `<p class="made">${t("report_made", { date: made })}</p>`];
    if (data.nights_available < data.nights_asked) {
      parts.push(
        `<p class="note">${t("report_nights_available", { kept: data.nights_kept, available: data.nights_available, nights: data.nights_asked })}</p>`,
      );
    }
    const nights = data.nights;
    if (nights.length === 0) {
      parts.push(`<p class="message">${t("report_no_nights")}</p>`);
    } else {
      const columns = [
        ["report_col_night", (n) => escapeHtml(day(n.night))],
        ["report_col_episodes", (n) => show(n.episodes)],
        ["report_col_cry_minutes", (n) => show(n.cry_minutes)],
        ["report_col_self_soothed", (n) => show(n.self_soothed)],
        ["report_col_self_soothe_rate", (n) => percent(n.self_soothe_rate)],
        ["report_col_check_ins", (n) => show(n.check_ins)],
        ["report_col_interventions", (n) => show(n.interventions)],
        ["report_col_median_settle_minutes", (n) => show(n.median_settle_minutes)],
        ["report_col_longest_episode_minutes", (n) => show(n.longest_episode_minutes)],
        ["report_col_first_waking", (n) => escapeHtml(time(n.first_waking))],
        ["report_col_concerns", (n) => show(n.concerns)],
      ];
      const head = columns.map(([key]) => `<th>${t(key)}</th>`).join("");
      const rows = nights
        .map((n) => `<tr data-night="${escapeHtml(n.night)}">${columns.map(([, cell]) => `<td>${cell(n)}</td>`).join("")}</tr>`)
        .join("");
      const short = (n) => day(n.night).replace(/^\D+/, "");
      parts.push(
        `<section class="figures"><h2>${t("report_figures")}</h2><table class="nights"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></section>`,
        `<section class="charts">
          <div class="chart"><h3>${t("report_chart_crying")}</h3>${barChart(nights, (n) => n.cry_minutes, short)}</div>
          <div class="chart"><h3>${t("report_chart_rate")}</h3>${barChart(nights, (n) => (n.self_soothe_rate === null ? null : n.self_soothe_rate * 100), short, 100)}</div>
        </section>`,
      );
    }
    parts.push(this._planHtml(data, t, day, percent));
    parts.push(this._concernsHtml(data, t, day, show));
    return parts.join("");
  }

  _planHtml(data, t, day, percent) {
    const plan = data.plan;
    if (!plan) return `<section class="plan"><h2>${t("report_plan")}</h2><p>${t("report_plan_none")}</p></section>`;
    const values = {
      method: nameOf(data.words, METHOD, plan.method),
      night: plan.night,
      nights: plan.nights,
      first_night: day(plan.first_night),
    };
    const line = plan.finished ? t("report_plan_finished", values) : t("report_plan_progress", values);
    const rows = plan.nights_played
      .map(
        (night) =>
          `<tr><td>${escapeHtml(night.number)}</td><td>${escapeHtml(day(night.night))}</td><td>${escapeHtml(night.episodes)}</td><td>${night.paused ? escapeHtml(fill(data.words, "card_plan_night_paused")) : percent(night.adherence)}</td></tr>`,
      )
      .join("");
    const table = rows
      ? `<table><thead><tr><th>${t("report_col_plan_night")}</th><th>${t("report_col_night")}</th><th>${t("report_col_episodes")}</th><th>${t("report_col_adherence")}</th></tr></thead><tbody>${rows}</tbody></table>`
      : "";
    return `<section class="plan"><h2>${t("report_plan")}</h2><p>${line}</p>${table}</section>`;
  }

  _concernsHtml(data, t, day, show) {
    const concerns = data.concerns.length
      ? `<table><thead><tr><th>${t("report_col_night")}</th><th>${t("report_col_concerns")}</th><th>${t("report_col_cry_minutes")}</th><th>${t("report_col_longest_episode_minutes")}</th></tr></thead><tbody>${data.concerns
          .map((n) => `<tr><td>${escapeHtml(day(n.night))}</td><td>${show(n.concerns)}</td><td>${show(n.cry_minutes)}</td><td>${show(n.longest_episode_minutes)}</td></tr>`)
          .join("")}</tbody></table>`
      : `<p>${t("report_concerns_none")}</p>`;
    const needs = Object.entries(data.needs_unmet);
    const unmet = needs.length
      ? `<table><thead><tr><th>${t("report_col_need")}</th><th>${t("report_col_times")}</th></tr></thead><tbody>${needs
          .map(([need, times]) => `<tr><td>${escapeHtml(nameOf(data.words, NEED, need))}</td><td>${show(times)}</td></tr>`)
          .join("")}</tbody></table>`
      : `<p>${t("report_needs_none")}</p>`;
    return `<section class="concerns"><h2>${t("report_concerns")}</h2>${concerns}<h2>${t("report_needs_unmet")}</h2>${unmet}</section>`;
  }
}

define(REPORT_TAG, SleepCoachReport);
