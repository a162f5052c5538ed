import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// With TEST_DATABASE_URL set, the database suites run twice: on PGlite and on PostgreSQL.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

const server = (engine: 'pglite' | 'postgres') => ({
  test: {
    name: engine === 'pglite' ? 'server' : 'server-pg',
    environment: 'node' as const,
    include: ['tests/server/**/*.test.ts'],
    // Engine-free suites (pure rules, the embedded-database process) run once.
    exclude:
      engine === 'postgres'
        ? [
            'tests/server/domain/**',
            'tests/server/process.test.ts',
            'tests/server/data-template.test.ts',
          ]
        : [],
    env: { FT_TEST_ENGINE: engine },
    // One migrated database per worker, reset between tests (PGlite costs ~2 s to open).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

const e2e = (engine: 'pglite' | 'postgres') => ({
  test: {
    name: engine === 'pglite' ? 'e2e' : 'e2e-pg',
    environment: 'node' as const,
    include: ['tests/e2e/**/*.test.ts'],
    // Layout and contrast do not depend on the database engine; checking them once is enough.
    exclude: engine === 'postgres' ? ['tests/e2e/screens.test.ts'] : [],
    env: { FT_TEST_ENGINE: engine },
    testTimeout: 90_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'shared', environment: 'node', include: ['tests/shared/**/*.test.ts'] },
      },
      server('pglite'),
      ...(onPostgres ? [server('postgres')] : []),
      {
        plugins: [react()],
        test: {
          name: 'client',
          environment: 'happy-dom',
          include: ['tests/client/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/client/setup.ts'],
        },
      },
      e2e('pglite'),
      ...(onPostgres ? [e2e('postgres')] : []),
      {
        // The real server as its own process, killed, cut off from its database and stopped
        // under load (SPEC §15); on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set.
        test: {
          name: 'faults',
          environment: 'node',
          include: ['tests/faults/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
