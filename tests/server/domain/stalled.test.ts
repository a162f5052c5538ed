import { describe, expect, it } from 'vitest';
import { severity } from '../../../server/src/domain/stalled';

describe('severity of a stalled request', () => {
  it('is 0 when nothing is stalled', () => {
    expect(severity([], 'urgent')).toBe(0);
  });

  it('ranks by the weightiest reason before priority', () => {
    expect(severity(['unowned'], 'low')).toBeGreaterThan(severity(['no_activity'], 'urgent'));
    expect(severity(['past_target'], 'low')).toBeGreaterThan(
      severity(['follow_up_overdue'], 'urgent'),
    );
  });

  it('then by priority, then by how many reasons hold', () => {
    expect(severity(['past_target'], 'urgent')).toBeGreaterThan(severity(['past_target'], 'high'));
    expect(severity(['past_target', 'no_activity'], 'high')).toBeGreaterThan(
      severity(['past_target'], 'high'),
    );
  });
});
