import { FakeSlack } from '../test/protocol/fake-slack.js';
import { serveArrivals } from './burst.js';

/**
 * The fake Slack of the Slack bench, in a process of its own so that receiving 2,000 replies does
 * not slow the process that sends the commands and times their acks. Prints `FAKE <base URL>`;
 * on the IPC message `{ collect: prefix }` answers with the arrival time (Date.now()) of the first
 * post to each response_url whose id starts with `prefix`.
 */
const fake = await FakeSlack.start();
const arrived = new Map<string, number>();
let seen = 0;
void fake
  .waitFor(
    'never',
    () => {
      for (; seen < fake.responses.length; seen++) {
        const id = fake.responses[seen]!.id;
        if (!arrived.has(id)) arrived.set(id, Date.now());
      }
      return undefined;
    },
    24 * 3_600_000,
  )
  .catch(() => undefined);
serveArrivals(arrived, () => fake.close());
process.stdout.write(`FAKE ${fake.base}\n`);
