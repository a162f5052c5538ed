/**
 * One load run, in its own process so the load generator does not share an
 * event loop with the server: autocannon, with every response time kept so
 * p95 is exact. Prints one JSON line. With `paths`, each request takes the
 * next path (an action on a request of its own) and the run stops when they
 * are used up.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  paths?: string[];
  connections: number;
  duration: number;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const times: number[] = [];
let errors = 0;
let next = 0;
const paths = spec.paths;

const instance = autocannon(
  {
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.duration,
    ...(paths
      ? {
          amount: paths.length,
          requests: [
            {
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                path: paths[next++ % paths.length],
              }),
            },
          ],
        }
      : {}),
  },
  (err, result) => {
    if (err) throw err;
    report(result);
  },
);
instance.on('response', (_client, statusCode, _bytes, ms) => {
  if (statusCode >= 400) errors++;
  times.push(ms);
});

function report(result: autocannon.Result) {
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(
      10 * (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0),
    ) / 10;
  console.log(
    JSON.stringify({
      requests: times.length,
      rps: Math.round(times.length / (result.duration || spec.duration)),
      p50: at(50),
      p95: at(95),
      p99: at(99),
      errors: errors + result.errors + result.timeouts,
      non2xx: result.non2xx,
    }),
  );
}
