import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** An origin as browsers send it: scheme, host and port only, e.g. `https://ops.example.org`. */
const origin = z
  .string()
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username;
    return /^https?:$/.test(url.protocol) && bare;
  }, 'each must be an origin alone: http:// or https://, a host and an optional port')
  .transform((value) => new URL(value).origin);

/** An address (`10.1.2.3`, `::1`) or a network (`10.0.0.0/8`, `fd00::/8`). */
const addressOrNetwork = z.string().refine((value) => {
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}, 'each must be an IP address or a network such as 10.0.0.0/8');

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL cancels any statement running longer than this (0: no limit). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Cookies get `Secure` when the app is served over HTTPS. */
  COOKIE_SECURE: bool.default(false),
  TRUST_PROXY: bool.default(false),
  /** How long a process may remember who a session is between changes to it; 0 looks it up every call. */
  SESSION_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
  LOGIN_RATE_MAX: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_WINDOW: z.string().min(1).default('1 minute'),
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** The largest attachment accepted (SPEC §14); larger is a 413, refused while it streams. */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(10_485_760),
  /** The organisation's first name; admins change it in Settings. */
  ORGANISATION_NAME: z.string().min(1).max(120).default('Followthrough'),
  AUTO_CONFIRM_DAYS: z.coerce.number().int().min(1).max(365).default(5),
  REOPEN_WINDOW_DAYS: z.coerce.number().int().min(0).max(3650).default(14),
  /** How often each process reads the settings again (another process may have changed them). */
  SETTINGS_REFRESH_MS: z.coerce.number().int().min(0).default(5_000),
  /** How often periodic work (auto-confirm) runs; 0 turns it off. */
  JOBS_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** How often the figures projector looks for changes besides their wake-ups; 0 turns it off here. */
  FIGURES_INTERVAL_MS: z.coerce.number().int().min(0).default(1_000),
  /** How often follow-ups and handoffs that came due are notified (SPEC §13); 0 turns it off here. */
  NOTIFICATIONS_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
  /**
   * How often the live stream's sequencer looks for changes besides their wake-ups; 0 turns
   * it off here (another process's sequencer still numbers them).
   */
  STREAM_INTERVAL_MS: z.coerce.number().int().min(0).default(1_000),
  /** How often each live stream gets a comment line, and its credential is checked again. */
  STREAM_HEARTBEAT_MS: z.coerce.number().int().min(50).default(25_000),
  /** Mail for notifications and invites: `smtp://user:pass@host:587` (or smtps://); unset: none. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** The From of every mail. */
  MAIL_FROM: z.string().min(3).default('Followthrough <followthrough@localhost>'),
  /** How often the mail sender looks for mail besides its wake-ups; 0 turns it off here. */
  MAIL_INTERVAL_MS: z.coerce.number().int().min(0).default(5_000),
  /** The first retry's wait after a failed delivery; each further one doubles it (to an hour). */
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Adds the benchmark's bare ceiling route; never set it in production. */
  BENCH_ROUTES: bool.default(false),
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  /** How many requests the demo organisation starts with. */
  DEMO_REQUESTS: z.coerce.number().int().min(0).max(1_000_000).default(1500),
  /** Where `npm run build` keeps the templates a new embedded database is copied from. */
  TEMPLATE_DIR: z.string().min(1).optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  ADMIN_NAME: z.string().min(1).default('Administrator'),
  CLIENT_DIST: z.string().min(1).optional(),
  /** Where people reach the app (links in invites); unset: the address each call came to. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional(),
  /** Origins whose pages may call the API with a token (comma-separated); none by default. */
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin))
    .default([]),
  /** Who may read /metrics (comma-separated addresses or networks); loopback by default. */
  METRICS_ALLOW: z
    .string()
    .default('127.0.0.0/8,::1')
    .transform((value) =>
      value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(addressOrNetwork)),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; a bad value names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
