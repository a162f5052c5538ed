/**
 * For the hot and the large reads: in production their output is not
 * re-validated against the response schema on the way out (the typed
 * services build it; development and tests still validate every response).
 */
export const trustedSerializer =
  process.env.NODE_ENV === 'production' ? { serializerCompiler: () => JSON.stringify } : {};
