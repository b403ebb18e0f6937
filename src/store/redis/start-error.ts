/**
 * Thrown when the store cannot be reached at start-up; the message names the target with any
 * password redacted. Kept apart from the Redis client so catching it costs no ioredis import.
 */
export class StoreStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreStartError';
  }
}
