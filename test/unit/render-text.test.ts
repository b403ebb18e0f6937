import { describe, expect, it } from 'vitest';
import { reply } from '../../src/core/reply.js';
import { PLAIN, renderText } from '../../src/render/text.js';

describe('plain-text rendering of replies', () => {
  it('renders tables, fields and verdicts of any length (no argument spreading past the engine limit)', () => {
    const rows = Array.from({ length: 130_000 }, (_, i) => [String(i), `note ${i}`]);
    const names = rows.map(([n]) => ({ verdict: 'ok' as const, name: n!, summary: 'fine' }));
    const fields = rows.map(([n, v]) => ({ label: n!, value: v! }));
    const text = renderText(
      reply([
        { type: 'table', columns: ['#', 'Note'], rows },
        { type: 'verdicts', rows: names },
        { type: 'fields', fields },
      ]),
      PLAIN,
    );
    const lines = text.split('\n');
    expect(lines).toHaveLength(1 + 3 * rows.length);
    expect(lines[0]).toBe('  #       Note');
    expect(lines[rows.length]).toBe('  129999  note 129999');
  });
});
