import type { Locale, Translator } from './i18n/index.js';

/** What every view needs: translation, locale, time zone and the current time (views are pure functions of it). */
export interface ViewContext {
  t: Translator;
  locale: Locale;
  timeZone: string;
  now: number;
}
