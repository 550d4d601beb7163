/*
 * Sleep Coach for Home Assistant: what the card, its editor, the dashboard and the health
 * visitor's report share, so that they fill in words and write times and numbers the same
 * way. Plain JavaScript with no build step: the other modules import it from beside
 * themselves, in the same versioned folder, so the browser holds one copy and the words one
 * answer brought serve every part of the page.
 *
 * Every word shown comes from the integration's translations (the `card_*` texts of its
 * `common` category), which the `sleep_coach/night` command sends in the user's language;
 * times and numbers follow the user's locale and 12/24-hour choice.
 */

export const CARD_TAG = "sleep-coach-night-card";

// Each kind of thing the card names, by the prefix of its words' keys (`card_mode_idle`...).
export const MODE = "card_mode_";
export const OUTCOME = "card_outcome_";
export const REASON = "card_reason_";
export const NEED = "card_need_";
export const METHOD = "card_method_";
// Where the parent is on a gradual-retreat night.
export const POSITION = "card_position_";
// What ended a nap other than the parents: the longest nap, or the night beginning.
export const NAP_END = "card_nap_end_";

export const escapeHtml = (value) =>
  String(value ?? "").replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char],
  );

// The text of `key` with its `{placeholders}` filled in; a missing text shows its key.
export const fill = (words, key, values = {}) => {
  const text = words && typeof words[key] === "string" ? words[key] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
};

// The word for a value of the data (a mode, a reason...): the value itself if it has none.
export const nameOf = (words, prefix, value) =>
  words && typeof words[`${prefix}${value}`] === "string" ? words[`${prefix}${value}`] : String(value);

// The words of the last answer, by language, for what is drawn before (or without) one.
const WORDS = new Map();
let lastWords;

// The words in `language` if an answer brought them, else the last ones any answer brought.
export const knownWords = (language) => WORDS.get(language) || lastWords;

// Whether any answer has brought words yet.
export const haveWords = () => lastWords !== undefined;

// The card picker's name and description for the card.
export function nameCardInPicker(words) {
  const entry = (window.customCards || []).find((card) => card.type === CARD_TAG);
  if (!entry || !words) return;
  entry.name = fill(words, "card_picker_name");
  entry.description = fill(words, "card_picker_description");
}

const rememberWords = (language, words) => {
  if (!words) return;
  WORDS.set(language, words);
  lastWords = words;
  nameCardInPicker(words);
};

export const fetchNight = async (hass, entryId) => {
  // The user's language: the answer's words are in it (English where a text is missing).
  const message = { type: "sleep_coach/night", language: hass.language };
  if (entryId) message.entry_id = entryId;
  const data = await hass.callWS(message);
  rememberWords(hass.language, data.words);
  return data;
};

// The words in the user's language, asking for them only if no answer brought them yet.
export const loadWords = async (hass) => {
  if (WORDS.has(hass.language)) return WORDS.get(hass.language);
  try {
    return (await fetchNight(hass)).words;
  } catch (_err) {
    return lastWords;
  }
};

// Times and numbers as the frontend writes them: the user's language, 12 or 24 hours and
// number format from `hass.locale` (FrontendLocaleData), in the home's time zone.
export const languageOf = (hass) => hass?.locale?.language || hass?.language || navigator.language;

const uses12Hours = (hass) => {
  const locale = hass?.locale || {};
  if (locale.time_format === "12") return true;
  if (locale.time_format === "24") return false;
  const language = locale.time_format === "system" ? undefined : languageOf(hass);
  return new Date("January 1, 2023 22:00:00").toLocaleString(language).includes("10");
};

export const timeFormat = (hass) => {
  const twelve = uses12Hours(hass);
  const options = { hour: twelve ? "numeric" : "2-digit", minute: "2-digit", hourCycle: twelve ? "h12" : "h23" };
  try {
    return new Intl.DateTimeFormat(languageOf(hass), { ...options, timeZone: hass?.config?.time_zone });
  } catch (_err) {
    return new Intl.DateTimeFormat(languageOf(hass), options);
  }
};

const numberLocale = (hass) => {
  switch (hass?.locale?.number_format) {
    case "comma_decimal":
      return ["en-US", "en"];
    case "decimal_comma":
      return ["de", "es", "it"];
    case "space_comma":
      return ["fr", "sv", "cs"];
    case "quote_decimal":
      return ["de-CH"];
    case "system":
      return undefined;
    default:
      return languageOf(hass);
  }
};

export const numberFormat = (hass, options = {}) => {
  const grouping = hass?.locale?.number_format === "none" ? { useGrouping: false } : {};
  return new Intl.NumberFormat(numberLocale(hass), { ...grouping, ...options });
};

// Each element is defined once, however often a page loads its module: a family may also
// have added the card as a dashboard resource under another URL.
export const define = (tag, element) => {
  if (!customElements.get(tag)) customElements.define(tag, element);
};
