/** The chat platforms zhiban speaks on. `console` is the local shell and one-shot `exec`. */
export type Platform = 'console' | 'slack' | 'dingtalk';

/** Who typed the command, as the platform knows them (mapped to a zhiban user by core). */
export interface Actor {
  /** The platform's own id (Slack user id, DingTalk staff id, console user name). */
  platformId: string;
  /** A display name if the platform told us one; never used for permissions. */
  displayName?: string;
}

/**
 * One command typed by one person, in a platform-neutral shape. Adapters build it from a
 * platform event; core never sees SDK objects. `text` is the command line, with or without `/`.
 */
export interface Invocation {
  platform: Platform;
  actor: Actor;
  /** Where the command was typed (channel / conversation id); replies and incident cards go there. */
  channel: string;
  text: string;
  /** Adapter-level id of the delivery, used to process a retried delivery only once. */
  deliveryId?: string;
}
