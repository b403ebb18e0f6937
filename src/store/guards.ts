/** Letters, digits, '.', '_' and '-': the only characters a store name may contain. */
const SAFE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Throws a plain Error unless `name` is safe to use as a file name: 1–128 characters from
 * [A-Za-z0-9._-], not made of dots only, never containing '..'. Every store applies it to
 * incident ids, record kinds, record ids and timer ids, so path traversal is impossible and an id
 * valid in one store is valid in all.
 */
export function assertStoreName(what: string, name: string): void {
  if (!isStoreName(name)) {
    throw new Error(`invalid ${what} ${JSON.stringify(name)}: use 1-128 letters, digits, '.', '_' or '-' (no '..')`);
  }
}

/** True when `name` may name an incident, record kind, record or timer in every store. */
export function isStoreName(name: string): boolean {
  return typeof name === 'string' && SAFE_NAME.test(name) && !name.includes('..') && !/^\.+$/.test(name);
}

/** True for a non-null object that is not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of `value` exactly as it reads back after being stored as JSON (so every store
 * returns the same thing, and never an object shared with the caller). Throws TypeError when the
 * value has no JSON form at all (undefined, a function, a bigint, a cycle).
 */
export function jsonCopy<T>(value: T, what = 'value'): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new TypeError(`${what} cannot be stored as JSON: ${(e as Error).message}`, { cause: e });
  }
  if (text === undefined) throw new TypeError(`${what} cannot be stored as JSON`);
  return JSON.parse(text) as T;
}
