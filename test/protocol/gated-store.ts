import { MemoryStore } from '../../src/store/memory-store.js';
import type { NewEvent, StoredEvent } from '../../src/store/port.js';

/**
 * A memory store whose incident creation waits until the test calls `open()`: while it is
 * closed, a `/incident declare` is still running, so whatever Slack already received was sent
 * before the command finished (ack first, work after).
 */
export class GatedStore extends MemoryStore {
  private release: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  /** Lets every waiting and future createIncident through. */
  open(): void {
    this.release();
  }

  override async createIncident(id: string, first: NewEvent): Promise<StoredEvent | undefined> {
    await this.gate;
    return super.createIncident(id, first);
  }
}
