/*
 * Sleep Coach for Home Assistant: the dashboard strategy and the "Sleep Coach" sidebar panel,
 * so a family gets a dashboard (the night card and statistics per child) without YAML and
 * without a stored Lovelace dashboard. Plain JavaScript with no build step; the night card's
 * module imports it, and the panel's module URL is the card's, so one download serves both.
 *
 *   strategy: type: custom:sleep-coach   a dashboard: the card and statistics per child
 *   sleep-coach-panel                    the sidebar entry, drawn from the strategy
 *
 * Its words (titles of the dashboard, its view and the graphs) come with the `sleep_coach/night`
 * answer, like the card's.
 */

import { CARD_TAG, define, escapeHtml, fetchNight, fill, knownWords } from "./sleep-coach-common.js";

const STRATEGY_TAG = "ll-strategy-dashboard-sleep-coach";
const PANEL_TAG = "sleep-coach-panel";
const STATISTICS_DAYS = 30;

// The dashboard: per child the night card and a statistics graph of its nights.
class SleepCoachDashboardStrategy extends HTMLElement {
  static async generate(config, hass) {
    return (await SleepCoachDashboardStrategy._generate(config, hass)).dashboard;
  }

  // The dashboard, and the answer it was made from (undefined if there was none).
  static async _generate(config, hass) {
    let children = [];
    let words = knownWords(hass.language);
    let answer;
    try {
      answer = await fetchNight(hass);
      ({ children, words } = answer);
    } catch (_err) {
      // Without the integration loaded the card itself explains; the view stays usable.
    }
    const t = (key, values) => fill(words, key, values);
    // Per child its card and, once two nights are over (before, the card says when they
    // come), statistics graphs of its nights: no empty chart frames. The graphs show by day
    // only: at night the card's dim look is all there is, and it fits a tablet unscrolled.
    const graph = (title, entity, name) => ({
      type: "statistics-graph",
      title,
      entities: [{ entity, name }],
      stat_types: ["max"],
      period: "day",
      days_to_show: (config && config.days) || STATISTICS_DAYS,
      chart_type: "bar",
    });
    const byDay = (child, cards) => ({
      type: "conditional",
      conditions: [{ condition: "state", entity: child.entities.coach_state, state: "daytime" }],
      card: { type: "vertical-stack", cards },
    });
    const cards = children.length
      ? children.map((child) => ({
          type: "vertical-stack",
          cards: [
            { type: `custom:${CARD_TAG}`, entry_id: child.entry_id },
            ...((child.nights_over || 0) >= 2 && child.entities.coach_state
              ? [
                  byDay(child, [
                    graph(t("card_graph_crying_title", { child: child.name }), child.statistics.cry_minutes, t("card_graph_crying")),
                    graph(t("card_graph_rate_title", { child: child.name }), child.statistics.self_soothe_rate, t("card_graph_rate")),
                  ]),
                ]
              : []),
          ],
        }))
      : [{ type: `custom:${CARD_TAG}` }];
    const dashboard = {
      title: t("card_dashboard_title"),
      views: [
        {
          title: t("card_view_tonight"),
          path: "tonight",
          icon: "mdi:baby-face-outline",
          // One full-width view; two children side by side where there is room.
          type: "panel",
          cards: [{ type: "grid", columns: Math.min(2, Math.max(1, cards.length)), square: false, cards }],
        },
      ],
    };
    return { dashboard, answer };
  }
}

// Home Assistant's card helpers (which build built-in cards such as the statistics graph)
// arrive with its dashboard code, which a page outside the dashboards has not loaded yet;
// asking the panel resolver for a dashboard panel loads it. Without them the graphs are left
// out and the night card still shows the recent nights.
async function cardHelpers() {
  if (!window.loadCardHelpers) {
    try {
      await customElements.whenDefined("partial-panel-resolver");
      const resolver = document.createElement("partial-panel-resolver");
      resolver.hass = { panels: [{ url_path: "sleep-coach-helpers", component_name: "lovelace" }] };
      resolver._updateRoutes();
      await resolver.routerOptions.routes["sleep-coach-helpers"].load();
    } catch (_err) {
      return undefined;
    }
  }
  return window.loadCardHelpers ? window.loadCardHelpers() : undefined;
}

// The sidebar entry: the strategy's cards on a dark page, with no dashboard to store or edit.
class SleepCoachPanel extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._cards = [];
    this._building = false;
  }

  set hass(hass) {
    this._hass = hass;
    for (const card of this._cards) card.hass = hass;
    const menu = this.shadowRoot.querySelector("ha-menu-button");
    if (menu) menu.hass = hass;
    if (!this._built && !this._building) this._build();
  }

  set narrow(narrow) {
    this._narrow = narrow;
    const menu = this.shadowRoot.querySelector("ha-menu-button");
    if (menu) menu.narrow = narrow;
  }

  async _build() {
    this._building = true;
    const asked = this._hass;
    const { dashboard, answer } = await SleepCoachDashboardStrategy._generate({}, asked);
    const view = dashboard.views[0];
    this.shadowRoot.innerHTML = `
      <style>
        :host { display: block; min-height: 100vh; background: #0b0908; color: #cdb9a2; }
        header { display: flex; align-items: center; gap: 8px; height: 44px; padding: 0 12px; color: #8a7866; font-size: 20px; }
        main { margin: 0 auto; padding: 0 12px 16px; display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); align-items: start; }
        /* One track no wider than the column: a chart drawn at an earlier, wider size must
           not hold the column (and the card above it) at that width. */
        main > .column { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; min-width: 0; }
        /* Each card a block no wider than its column, whatever it drew before (a tablet
           turned from landscape to portrait): its charts then redraw at the new width. */
        main > .column > * { display: block; min-width: 0; max-width: 100%; overflow: hidden; }
        /* The graphs in the card's warm amber rather than the theme's blue. */
        main * { --ha-card-background: #100d0b; --card-background-color: #100d0b; --primary-text-color: #cdb9a2; --secondary-text-color: #8a7866; --graph-color-1: #c08552; }
      </style>
      <header><ha-menu-button></ha-menu-button><span>${escapeHtml(dashboard.title)}</span></header>
      <main></main>`;
    const menu = this.shadowRoot.querySelector("ha-menu-button");
    menu.hass = this._hass;
    menu.narrow = this._narrow;
    const main = this.shadowRoot.querySelector("main");
    // Each child a column: its card, then its graphs. The night cards come first, drawn from
    // the strategy's answer, so the state shows before Home Assistant's card helpers load.
    const stacks = view.cards.flatMap((card) => (card.type === "grid" ? card.cards : [card]));
    const isNightCard = (card) => card.type === `custom:${CARD_TAG}`;
    const columns = stacks.map((stack) => {
      const column = document.createElement("div");
      column.className = "column";
      main.appendChild(column);
      return [column, stack.type === "vertical-stack" ? stack.cards : [stack]];
    });
    for (const [column, configs] of columns) {
      await this._addCards(column, configs.filter(isNightCard), undefined, answer, asked);
    }
    const helpers = await cardHelpers();
    for (const [column, configs] of columns) {
      await this._addCards(column, configs.filter((card) => !isNightCard(card)), helpers);
    }
    this._built = true;
    this._building = false;
  }

  async _addCards(column, configs, helpers, answer, asked) {
    // The card's module imports this one, so the card is defined by now; should a page load
    // this module first, the panel waits for the card rather than draw a blank element.
    await customElements.whenDefined(CARD_TAG);
    for (const cardConfig of configs) {
      let card;
      if (cardConfig.type === `custom:${CARD_TAG}`) {
        card = document.createElement(CARD_TAG);
        card.setConfig(cardConfig);
        if (answer && card.showAnswer) card.showAnswer(answer, asked);
      } else if (helpers) {
        card = await helpers.createCardElement(cardConfig);
      } else {
        continue;
      }
      card.hass = this._hass;
      column.appendChild(card);
      this._cards.push(card);
    }
  }
}

define(STRATEGY_TAG, SleepCoachDashboardStrategy);
define(PANEL_TAG, SleepCoachPanel);
