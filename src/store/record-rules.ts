import type { Versioned } from './port.js';

/** A record as a store keeps it: its versioned value and, for a record that expires, when. */
export interface StoredRecord extends Versioned<unknown> {
  expiresAt?: number;
}

/** Throws RangeError unless `expectedVersion` is an integer >= 0 (the same rule in every store). */
export function checkExpectedVersion(expectedVersion: number): void {
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) throw new RangeError('expectedVersion must be an integer >= 0');
}

/** Throws RangeError unless `expiresAt` is absent or a finite time. */
export function checkExpiry(expiresAt: number | undefined): void {
  if (expiresAt !== undefined && !Number.isFinite(expiresAt)) throw new RangeError('expiresAt must be a finite time in ms since epoch');
}
