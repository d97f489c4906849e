/** Closed pacing's decision (load/closed.ts `closedStep`): pure, one table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closedStep, type ClosedAction, type ClosedState } from '../../src/load/closed.js';

const base: ClosedState = { sentAt: null, freedAt: -Infinity, nextDue: 1000, endMs: 3000, timeoutMs: 500 };

test('closedStep: wait for the reply up to the timeout, then the slot; send at once when both are past', () => {
  const cases: Array<[string, Partial<ClosedState>, number, ClosedAction]> = [
    ['first chunk before its slot: wait for the slot', {}, 900, { do: 'wait', until: 1000 }],
    ['first chunk at its slot: send, free since the slot', {}, 1000, { do: 'send', readyAt: 1000 }],
    ['first chunk a little after its slot (timer lateness): lag counts from the slot', {}, 1003, { do: 'send', readyAt: 1000 }],
    ['reply in before the next slot: wait for the slot (no faster than real time)', { freedAt: 1040, nextDue: 1100 }, 1040, { do: 'wait', until: 1100 }],
    ['reply in after the slot: send now, free since the reply', { freedAt: 1250, nextDue: 1100 }, 1250, { do: 'send', readyAt: 1250 }],
    ['chunk awaited, before its timeout: wait for the reply until the deadline', { sentAt: 1000, nextDue: 1100 }, 1200, { do: 'wait', until: 1500 }],
    ['chunk awaited even though the next slot passed: still wait', { sentAt: 1000, nextDue: 1100 }, 1499, { do: 'wait', until: 1500 }],
    ['deadline reached: expire the chunk', { sentAt: 1000, nextDue: 1100 }, 1500, { do: 'expire' }],
    ['deadline long past: expire', { sentAt: 1000, nextDue: 1100 }, 9000, { do: 'expire' }],
    ['after a timeout: the next chunk goes at once, free since the expiry', { freedAt: 1500, nextDue: 1100 }, 1500, { do: 'send', readyAt: 1500 }],
    ['last slot before the end: send', { nextDue: 2900 }, 2950, { do: 'send', readyAt: 2900 }],
    ['next slot at the end: done (chunks due at or after endMs are not sent)', { nextDue: 3000 }, 3000, { do: 'done' }],
    ['next slot past the end, a chunk still awaited: wait for it first', { sentAt: 2900, nextDue: 3000 }, 3000, { do: 'wait', until: 3400 }],
    ['next slot past the end, nothing awaited, long after: done', { nextDue: 3000, freedAt: 5000 }, 5000, { do: 'done' }],
  ];
  for (const [name, over, now, want] of cases) assert.deepEqual(closedStep({ ...base, ...over }, now), want, name);
});
