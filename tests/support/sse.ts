/** One dispatched server-sent event, as EventSource would hand it over. */
export interface SseEvent {
  /** The last event id in force when it was dispatched (what a reconnect would send). */
  id: string;
  event: string;
  data: string;
}

/**
 * A stream client over a real socket (Node's fetch), parsing the body as the HTML spec's
 * EventSource does: events, comments, `id` and `retry`. Waits are for conditions, never sleeps.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  /** What a reconnect would send as Last-Event-ID. */
  lastEventId = '';
  retry: number | undefined;
  /** Resolves when the server ends the stream (or the connection fails). */
  readonly ended: Promise<void>;
  /** How it ended: the server finished the body, or the connection failed (or was aborted). */
  endedBy: 'server' | 'error' | undefined;
  private readonly waiters = new Set<() => void>();
  private finished = false;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.ended = this.read().finally(() => {
      this.finished = true;
      this.notify();
    });
  }

  /** Opens a stream; rejects unless the answer is a 200 event stream. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: abort.signal,
    });
    if (
      response.status !== 200 ||
      !response.headers.get('content-type')?.startsWith('text/event-stream')
    ) {
      const body = await response.text();
      throw new Error(`not a stream: ${response.status} ${body}`);
    }
    return new SseClient(response, abort);
  }

  get isEnded(): boolean {
    return this.finished;
  }

  /** The events of one type, in order. */
  of(type: string): SseEvent[] {
    return this.events.filter((e) => e.event === type);
  }

  /** Resolves once `condition` holds (checked at each event, comment and end). */
  async until(condition: () => boolean, what = 'the condition', timeoutMs = 5000): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition()) {
          if (this.finished) fail(new Error(`the stream ended before ${what}`));
          return;
        }
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const fail = (err: Error) => {
        this.waiters.delete(check);
        clearTimeout(timer);
        reject(err);
      };
      const timer = setTimeout(
        () =>
          fail(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.events)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.add(check);
      check();
    });
  }

  /** Closes the connection from this side. */
  close(): void {
    this.abort.abort();
  }

  private notify() {
    for (const w of [...this.waiters]) w();
  }

  private async read(): Promise<void> {
    const body = this.response.body;
    if (!body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    let data: string[] = [];
    let type = '';
    let id = this.lastEventId;
    try {
      for await (const chunk of body) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        const lines = buffered.split(/\r\n|\r|\n/);
        // The last piece is a line still arriving (a lone \r at the end may be half of \r\n).
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line === '') {
            // Dispatch: the id is taken even when there is no data to dispatch.
            this.lastEventId = id;
            if (data.length > 0) {
              this.events.push({ id, event: type || 'message', data: data.join('\n') });
            }
            data = [];
            type = '';
            continue;
          }
          if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? '' : line.slice(colon + 1);
          if (value.startsWith(' ')) value = value.slice(1);
          if (field === 'data') data.push(value);
          else if (field === 'event') type = value;
          else if (field === 'id' && !value.includes('\0')) id = value;
          else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
        }
        this.notify();
      }
      this.endedBy = 'server';
    } catch {
      // Aborted here, or cut by the server: either way the stream is over.
      this.endedBy = 'error';
    }
  }
}
