/*
 * Sleep Coach for Home Assistant: the night card's visual editor, so a family picks the child
 * (or every child), how many nights and the look without writing YAML. Plain JavaScript with
 * no build step; the card's module imports it, and the card hands it out by its tag.
 *
 *   sleep-coach-night-card-editor    the editor of `custom:sleep-coach-night-card`
 *
 * Its words are the card's (`card_editor_*`), from the same `sleep_coach/night` answer that
 * lists the children to choose from.
 */

import { CARD_TAG, define, escapeHtml, fetchNight, fill, knownWords } from "./sleep-coach-common.js";

// A small visual editor: which child (or all), how many nights and the look.
class SleepCoachNightCardEditor extends HTMLElement {
  setConfig(config) {
    this._config = { ...config };
    this._render();
  }

  set hass(hass) {
    const first = !this._hass;
    this._hass = hass;
    if (first) {
      // The children to choose from and the editor's words, in the user's language.
      fetchNight(hass)
        .then((data) => {
          this._children = data.children;
          this._words = data.words;
          this._render();
        })
        .catch(() => {
          this._children = [];
          this._words = knownWords(hass.language);
          this._render();
        });
    }
  }

  _render() {
    // Drawn once the words are there, with no text before.
    if (!this._config || !this._children) return;
    const t = (key) => escapeHtml(fill(this._words, key));
    const children = this._children;
    const options = [`<option value="">${t("card_editor_every_child")}</option>`]
      .concat(
        children.map(
          (child) =>
            `<option value="${escapeHtml(child.entry_id)}" ${child.entry_id === this._config.entry_id ? "selected" : ""}>${escapeHtml(child.name)}</option>`,
        ),
      )
      .join("");
    this.innerHTML = `
      <style>label{display:block;margin:8px 0 4px}select,input{font-size:16px;padding:6px;min-width:200px}</style>
      <label for="child">${t("card_editor_child")}</label><select id="child">${options}</select>
      <label for="nights">${t("card_editor_nights")}</label>
      <input id="nights" type="number" min="1" value="${escapeHtml(this._config.nights || "")}">
      <label for="look">${t("card_editor_look")}</label>
      <select id="look">${["auto", "night", "day"].map((look) => `<option value="${look}" ${(this._config.look || "auto") === look ? "selected" : ""}>${t(`card_editor_look_${look}`)}</option>`).join("")}</select>`;
    this.querySelector("#look").addEventListener("change", (event) => {
      const config = { ...this._config, look: event.target.value };
      if (config.look === "auto") delete config.look;
      this._changed(config);
    });
    this.querySelector("#child").addEventListener("change", (event) => {
      const config = { ...this._config, entry_id: event.target.value || undefined };
      if (!config.entry_id) delete config.entry_id;
      this._changed(config);
    });
    this.querySelector("#nights").addEventListener("change", (event) => {
      const nights = Number.parseInt(event.target.value, 10);
      const config = { ...this._config };
      if (nights >= 1) config.nights = nights;
      else delete config.nights;
      this._changed(config);
    });
  }

  _changed(config) {
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }
}

define(`${CARD_TAG}-editor`, SleepCoachNightCardEditor);
