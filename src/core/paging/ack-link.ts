import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Store } from '../../store/port.js';
import type { AckLinks } from './deps.js';

/** Store record kinds: the signing key (shared by every replica) and the tokens already used. */
const KEY_KIND = 'paging-key';
const USED_KIND = 'ack-token';

/** What a valid token says: which page of which incident, for whom. */
export interface AckClaim {
  incident: string;
  page: string;
  user: string | null;
  expiresAt: number;
}

/** Why a link does not acknowledge anything. */
export type AckLinkProblem = 'invalid' | 'expired' | 'used';

/**
 * Signed, expiring, single-use acknowledgement links. The HMAC key is made once and kept in
 * the store, so every replica and every restart accepts the same links; a token is spent by a
 * compare-and-set, so it acknowledges at most once however often it is opened or replayed.
 */
export class AckLinkSigner implements AckLinks {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly validMs: number,
  ) {}

  async link(incident: string, page: string, user: string | undefined): Promise<string> {
    const claim: AckClaim = { incident, page, user: user ?? null, expiresAt: this.clock.now() + this.validMs };
    const body = Buffer.from(JSON.stringify(claim)).toString('base64url');
    return `${this.publicUrl.replace(/\/+$/, '')}/ack/${body}.${await this.sign(body)}`;
  }

  /** The claim of a valid, unexpired token, without spending it (the page that asks to confirm). */
  async check(token: string): Promise<AckClaim | AckLinkProblem> {
    // Exactly `<body>.<sig>`: anything appended would sign the same claim under another spelling
    // and escape the single-use record, which is keyed by the whole token.
    const parts = token.split('.');
    if (parts.length !== 2) return 'invalid';
    const [body, sig] = parts as [string, string];
    if (!body || !sig || !/^[A-Za-z0-9_-]+$/.test(body)) return 'invalid';
    const want = Buffer.from(await this.sign(body));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'invalid';
    let claim: AckClaim;
    try {
      claim = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AckClaim;
    } catch {
      return 'invalid';
    }
    if (this.clock.now() >= claim.expiresAt) return 'expired';
    if (await this.store.getRecord(USED_KIND, tokenId(token))) return 'used';
    return claim;
  }

  /** Checks and spends a token: only the first caller gets the claim. */
  async redeem(token: string): Promise<AckClaim | AckLinkProblem> {
    const claim = await this.check(token);
    if (typeof claim === 'string') return claim;
    // Kept until the token expires: after that it is refused as expired anyway.
    const spent = await this.store.putRecord(USED_KIND, tokenId(token), { at: this.clock.now(), incident: claim.incident }, 0, { expiresAt: claim.expiresAt });
    return spent === undefined ? 'used' : claim;
  }

  private async sign(body: string): Promise<string> {
    return createHmac('sha256', await this.key()).update(body).digest('base64url');
  }

  private async key(): Promise<string> {
    for (;;) {
      const rec = await this.store.getRecord<{ key: string }>(KEY_KIND, 'ack');
      if (rec) return rec.value.key;
      await this.store.putRecord(KEY_KIND, 'ack', { key: randomBytes(32).toString('hex') }, 0);
    }
  }
}

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 40);
}
