/**
 * Escapes text for Slack mrkdwn. Only `&`, `<` and `>` are control characters there, so after
 * this no user-provided text can become a mention, a link or an @channel ping.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undoes Slack's escaping of `&`, `<` and `>` in message text. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const SPECIAL = /<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>/g;

/**
 * Turns Slack message text into the command line the user typed: `<@U123>` becomes the zhiban
 * user id when `userName` knows the Slack id (else `@label` / `@U123`), `<#C1|ops>` becomes
 * `#ops`, `<!here>` `@here`, a link its visible label (else its URL); then `&amp;` `&lt;` `&gt;`
 * are unescaped. Plain text passes through unchanged.
 */
export function plainCommandText(text: string, userName: (slackId: string) => string | undefined = () => undefined): string {
  const out = text.replace(SPECIAL, (_whole, sigil: string, target: string, label: string | undefined) => {
    if (sigil === '@') return userName(target) ?? `@${label ?? target}`;
    if (sigil === '#') return `#${label ?? target}`;
    if (sigil === '!') return label ?? `@${target}`;
    return label ?? target;
  });
  return unescapeSlack(out).trim();
}

/** The text after the bot's own mention (`<@UBOT> incident list` → `incident list`); the whole text when it has none. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  const m = new RegExp(`<@${botUserId.replace(/[^A-Za-z0-9]/g, '')}(?:\\|[^>]*)?>`).exec(text);
  return m ? text.slice(m.index + m[0].length).trim() : text.trim();
}
