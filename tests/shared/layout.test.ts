import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** The server file a relative import names (`./x` is `./x.ts` or `./x/index.ts`), if any. */
function serverFile(spec: string): string | undefined {
  return [`${spec}.ts`, join(spec, 'index.ts'), spec].find(
    (p) =>
      p.startsWith('server/src/') && existsSync(join(root, p)) && statSync(join(root, p)).isFile(),
  );
}

/** Every import cycle in a graph, each once, as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string) => {
    const at = onPath.indexOf(node);
    if (at >= 0) {
      found.push([...onPath.slice(at), node]);
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    onPath.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    onPath.pop();
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return found;
}

describe('no import cycles in the server', () => {
  const serverFiles = files(join(root, 'server/src')).map((f) => relative(root, f));
  const fileGraph = new Map(
    serverFiles.map((f) => [
      f,
      imports(join(root, f)).flatMap((i) => {
        const target = serverFile(i);
        return target ? [target] : [];
      }),
    ]),
  );

  it('between files', () => {
    // The graph is read from the sources: a known edge is in it.
    expect(fileGraph.get('server/src/modules/requests/mutation.ts')).toContain(
      'server/src/modules/requests/commit.ts',
    );
    expect(cycles(fileGraph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('between modules (modules/<domain>)', () => {
    const moduleOf = (f: string) => /^server\/src\/modules\/([^/]+)\//.exec(f)?.[1];
    const moduleGraph = new Map<string, string[]>();
    for (const [from, targets] of fileGraph) {
      const m = moduleOf(from);
      if (!m) continue;
      const deps = moduleGraph.get(m) ?? [];
      for (const t of targets) {
        const n = moduleOf(t);
        if (n && n !== m && !deps.includes(n)) deps.push(n);
      }
      moduleGraph.set(m, deps);
    }
    expect(cycles(moduleGraph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
