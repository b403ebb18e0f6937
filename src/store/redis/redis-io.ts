import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../port.js';
import { classifyFailure } from './connection.js';
import type { RedisKeys } from './keys.js';
import * as lua from './scripts.js';

/** The store's Lua scripts as ioredis commands (keys first, then arguments, as in scripts.ts). */
export interface ScriptClient {
  zbCreate(...keysThenArgs: (string | number)[]): Promise<number>;
  zbAppend(...keysThenArgs: (string | number)[]): Promise<number>;
  zbSummary(...keysThenArgs: (string | number)[]): Promise<number>;
  zbPut(...keysThenArgs: (string | number)[]): Promise<number>;
  zbDelete(...keysThenArgs: (string | number)[]): Promise<number>;
  zbList(...keysThenArgs: (string | number)[]): Promise<string[]>;
  zbSchedule(...keysThenArgs: (string | number)[]): Promise<number>;
  zbCancel(...keysThenArgs: (string | number)[]): Promise<number>;
  zbClaim(...keysThenArgs: (string | number)[]): Promise<string[]>;
  zbRenew(...keysThenArgs: (string | number)[]): Promise<number>;
  zbComplete(...keysThenArgs: (string | number)[]): Promise<number>;
}

/** Registers the scripts of scripts.ts on `client` (ioredis sends EVALSHA, falling back to EVAL). */
export function defineScripts(client: Redis): Redis & ScriptClient {
  const scripts: [keyof ScriptClient, number, string][] = [
    ['zbCreate', 5, lua.CREATE_INCIDENT],
    ['zbAppend', 4, lua.APPEND_EVENT],
    ['zbSummary', 4, lua.SET_SUMMARY],
    ['zbPut', 2, lua.PUT_RECORD],
    ['zbDelete', 2, lua.DELETE_RECORD],
    ['zbList', 1, lua.LIST_RECORDS],
    ['zbSchedule', 3, lua.SCHEDULE_TIMER],
    ['zbCancel', 3, lua.CANCEL_TIMER],
    ['zbClaim', 3, lua.CLAIM_TIMERS],
    ['zbRenew', 3, lua.RENEW_TIMER],
    ['zbComplete', 3, lua.COMPLETE_TIMER],
  ];
  for (const [name, numberOfKeys, source] of scripts) client.defineCommand(name, { numberOfKeys, lua: source });
  return client as Redis & ScriptClient;
}

/**
 * One connection to the store's Redis with the rules every call follows: a failure that means
 * "Redis is not there" becomes StoreUnavailableError (unconfirmed when a write may have reached
 * the server), and with `waitReplicas` a write resolves only once that many replicas have it.
 */
export class RedisIo {
  constructor(
    readonly client: Redis & ScriptClient,
    readonly keys: RedisKeys,
    readonly where: string,
    private readonly waitReplicas: number,
    private readonly timeoutMs: number,
  ) {}

  /** Runs a read. */
  async read<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw classifyFailure(err, this.where, false);
    }
  }

  /** Runs a write, then (with waitReplicas) waits until enough replicas have it. */
  async write<T>(op: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await op();
    } catch (err) {
      throw classifyFailure(err, this.where, true);
    }
    if (this.waitReplicas > 0) {
      const got = await this.client.wait(this.waitReplicas, Math.max(100, this.timeoutMs - 500)).catch((err: unknown) => {
        throw classifyFailure(err, this.where, true);
      });
      if (got < this.waitReplicas) throw new StoreUnavailableError(this.where, `written, but only ${got} of ${this.waitReplicas} replicas confirmed it in time`, true);
    }
    return result;
  }
}
