/**
 * A server's replies on one socket: sent in order, each no earlier than its time on the monotonic
 * clock. A Node timer can fire early against performance.now() (it is armed from the event loop's
 * cached time, stale by however long the current turn has run; with client and server in one
 * busy test process that is milliseconds), so a server that must hold a reply D ms checks the
 * clock and waits out the rest: round trips measured against it are never below D.
 */
export interface ReplyQueue {
  /** Send `delayMs` from now, and after every reply queued before it. */
  after(delayMs: number, send: () => void): void;
  /** Drop what is queued (the socket closed). */
  close(): void;
}

export function replyQueue(): ReplyQueue {
  const queue: Array<{ at: number; send: () => void }> = [];
  let timer: NodeJS.Timeout | null = null;
  let last = 0;
  const drain = () => {
    timer = null;
    while (queue.length > 0 && queue[0].at <= performance.now()) queue.shift()!.send();
    if (queue.length > 0) timer = setTimeout(drain, Math.max(1, Math.ceil(queue[0].at - performance.now())));
  };
  return {
    after(delayMs, send) {
      last = Math.max(last, performance.now() + delayMs);
      queue.push({ at: last, send });
      if (!timer) drain();
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      queue.length = 0;
    },
  };
}
