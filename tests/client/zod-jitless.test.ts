import '../../client/src/lib/zod-jitless';
import { describe, expect, it } from 'vitest';

describe('zod in the web app', () => {
  it('runs jitless, so it never tries eval under the CSP', async () => {
    const { config } = await import('zod');
    expect(config().jitless).toBe(true);
  });
});
