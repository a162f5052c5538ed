import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Every import specifier in a file, resolved to a repository path when relative. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => {
    const spec = m[1]!;
    return spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : spec;
  });
}

describe('imports go one way (STYLE.md)', () => {
  it('the client never imports server code', () => {
    const bad = files(join(root, 'client/src')).flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('server/') || i.startsWith('@followthrough/server'))
        .map((i) => `${relative(root, f)} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('client features do not import each other', () => {
    const featuresDir = join(root, 'client/src/features');
    const bad = readdirSync(featuresDir).flatMap((feature) =>
      files(join(featuresDir, feature)).flatMap((f) =>
        imports(f)
          .filter(
            (i) =>
              i.startsWith('client/src/features/') &&
              !i.startsWith(`client/src/features/${feature}`),
          )
          .map((i) => `${relative(root, f)} → ${i}`),
      ),
    );
    expect(bad).toEqual([]);
  });

  it('shared imports nothing of ours, and domain rules do no I/O', () => {
    const sharedBad = files(join(root, 'shared/src')).flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            i.startsWith('server/') || i.startsWith('client/') || i.startsWith('@followthrough/'),
        )
        .map((i) => `${relative(root, f)} → ${i}`),
    );
    const domainBad = files(join(root, 'server/src/domain')).flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            i.startsWith('server/src/db') ||
            i.startsWith('server/src/modules') ||
            /^(drizzle-orm|postgres|fastify|node:)/.test(i),
        )
        .map((i) => `${relative(root, f)} → ${i}`),
    );
    expect([...sharedBad, ...domainBad]).toEqual([]);
  });
});
