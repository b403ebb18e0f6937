/** A Block Kit text object as Slack receives it. */
export interface TextJson {
  type: string;
  text: string;
  emoji?: boolean;
}

/** A block element (context text, button …) as JSON. */
export interface ElementJson {
  type: string;
  text?: string | TextJson;
  value?: string;
  action_id?: string;
  style?: string;
}

/** A Block Kit block as JSON. */
export interface BlockJson {
  type: string;
  text?: TextJson;
  fields?: TextJson[];
  elements?: ElementJson[];
}

/** A message, Web API call or response_url body as Slack receives it (only the fields tests read are named). */
export interface SlackPayload {
  [key: string]: unknown;
  text?: string;
  blocks?: BlockJson[];
  attachments?: Array<{ color?: string; fallback?: string; blocks?: BlockJson[] }>;
  channel?: string;
  ts?: string;
  thread_ts?: string;
  user?: string;
  response_type?: string;
}

/** `value` as the JSON Slack would receive. */
export function asJson(value: unknown): SlackPayload {
  return JSON.parse(JSON.stringify(value)) as SlackPayload;
}

/** Every block of a message as a reader sees it, attachments included. */
export function allBlocks(message: SlackPayload): BlockJson[] {
  return [...(message.blocks ?? []), ...(message.attachments ?? []).flatMap((a) => a.blocks ?? [])];
}

/** The visible text of one block (text, fields and element texts, one per line). */
export function textOf(b: BlockJson | undefined): string {
  if (!b) return '';
  const els = (b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text));
  return [b.text?.text, ...(b.fields ?? []).map((f) => f.text), ...els].filter((s): s is string => Boolean(s)).join('\n');
}

/** All visible text of a message's blocks, one block per line. */
export function blockText(message: SlackPayload): string {
  return allBlocks(message).map(textOf).join('\n');
}
