/**
 * A screen's code that could not be fetched: the connection dropped, or a new
 * version replaced the files this page was built with. Only a reload helps.
 */
export class ChunkLoadError extends Error {
  override name = 'ChunkLoadError';
}

// Chromium, Firefox and Safari word a failed dynamic import differently.
const chunkMessages =
  /dynamically imported module|importing a module script failed|error loading dynamically imported module|unable to preload css/i;

/** Whether an error means a screen's code could not be loaded. */
export function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof ChunkLoadError || (error instanceof Error && chunkMessages.test(error.message))
  );
}

const RETRY_AFTER_MS = 600;

/**
 * Loads code with one retry after a short pause, so a blip does not cost the
 * screen; a second failure becomes a ChunkLoadError for the route's error screen.
 */
export async function retryImport<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (first) {
    if (!isChunkLoadError(first)) throw first;
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    try {
      return await load();
    } catch (second) {
      throw isChunkLoadError(second)
        ? new ChunkLoadError((second as Error).message, { cause: second })
        : second;
    }
  }
}
