// The CSP allows no eval. zod probes for it (`new Function`) as it builds its first object
// schema, and the browser reports the refusal as a CSP issue; jitless skips the probe and
// parses the same way. This is z.config({ jitless: true }), set before zod loads in the global
// zod keeps its config in: calling z.config here would bring part of zod into every first load.
// tests/client/zod-jitless.test.ts checks that zod reads it.
const scope = globalThis as { __zod_globalConfig?: Record<string, unknown> };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };
