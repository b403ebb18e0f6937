import { describe, expect, it } from 'vitest';
import { remediationCommand } from '../../commands/remediation-command.js';

describe('the command a runbook remediation button files', () => {
  it('types every built-in action kind as its chat command', () => {
    expect(remediationCommand({ action: 'restart', params: { service: 'backend' } })).toBe('/restart backend');
    expect(remediationCommand({ action: 'restart-all', params: {} })).toBe('/restart all');
    expect(remediationCommand({ action: 'docker-cleanup', params: {} })).toBe('/cleanup docker');
    expect(remediationCommand({ action: 'cache-purge', params: { pattern: 'stock:lock:*' } })).toBe('/cache purge stock:lock:*');
    expect(remediationCommand({ action: 'custom:fix-order', params: { order_no: 'B 1' } })).toBe('/action fix-order order_no="B 1"');
  });

  it('offers no button for an action it cannot type', () => {
    expect(remediationCommand({ action: 'no-such-action', params: {} })).toBeUndefined();
  });
});
