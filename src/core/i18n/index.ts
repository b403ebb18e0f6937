import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-cn.js';

/** Locales every user-facing text exists in. */
export const LOCALES = ['zh-CN', 'en'] as const;
/** One of the supported locales. */
export type Locale = (typeof LOCALES)[number];
/** A text given in every locale (used by command definitions and config-declared checks). */
export type Localized = Record<Locale, string>;
/** Values substituted into `{name}` placeholders; a Localized value is shown in the message's locale. */
export type Params = Record<string, string | number | Localized>;

export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** Fills `{name}` placeholders (Localized values in `locale`); unknown placeholders are left visible rather than silently dropped. */
export function format(template: string, params: Params = {}, locale: Locale = 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
    const value = params[name]!;
    return typeof value === 'object' ? value[locale] : String(value);
  });
}

/** Translates a catalog key into `locale`. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return format(catalogs[locale][key], params, locale);
}

/** Builds a localized text from its two languages. */
export function L(en: string, zh: string): Localized {
  return { en, 'zh-CN': zh };
}

/** Picks the text of a localized value. */
export function pick(locale: Locale, text: Localized): string {
  return text[locale];
}

/** A translator bound to one locale, handed to command handlers as `ctx.t`. */
export type Translator = (key: MessageKey, params?: Params) => string;

/** Returns a translator bound to `locale`. */
export function translator(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params);
}
