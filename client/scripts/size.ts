// The JavaScript a first visit downloads before any screen's own code: the entry script of
// the built index.html and every chunk it preloads, gzipped as a server would send them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 150;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const html = readFileSync(`${dist}index.html`, 'utf8');

const initial = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
].map((match) => match[1] as string);

let total = 0;
for (const file of initial) {
  const gz = gzipSync(readFileSync(dist + file)).length;
  total += gz;
  console.log(`${(gz / 1000).toFixed(1).padStart(7)} kB gz  ${file}`);
}
console.log(
  `${(total / 1000).toFixed(1).padStart(7)} kB gz  initial JavaScript (budget ${BUDGET_KB} kB)`,
);
if (total / 1000 > BUDGET_KB) process.exitCode = 1;
