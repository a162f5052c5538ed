import { describe, expect, it } from 'vitest';
import { aHandoff, anEvent, aRequest, aRequestDetail } from './helpers';

// The fake API answers with these; if they stopped matching the contract the
// client tests would be testing a server that does not exist.
describe('test fixtures follow the contract', () => {
  it('refuses a value the contract does not allow', () => {
    expect(() => aRequest({ status: 'done' as never })).toThrow();
    expect(() => aHandoff({ expectedBy: 'tomorrow' })).toThrow();
    expect(() => aRequestDetail({ allowedActions: ['fly' as never] })).toThrow();
  });

  it('refuses a key the contract does not have, which parsing alone would drop', () => {
    expect(() => aRequest({ ...({ owners: [] } as object) })).toThrow(/not what the contract/);
  });

  it('refuses event data that is not what its type carries', () => {
    expect(() => anEvent({ type: 'resolved' })).toThrow();
    expect(() => anEvent({ type: 'comment', data: { text: 'Parts ordered.' } as never })).toThrow();
    expect(anEvent({ type: 'comment', data: { body: 'Parts ordered.' } }).data).toEqual({
      body: 'Parts ordered.',
    });
  });
});
