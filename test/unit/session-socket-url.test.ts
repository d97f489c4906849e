/** The session socket's URL from the HTTP target: scheme, path prefix, query and fragment, id encoding. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionSocketUrl } from '../../src/load/api.js';

test('sessionSocketUrl: ws(s) scheme, the target path kept, query and fragment dropped, the id encoded', () => {
  const cases: Array<[string, string, string]> = [
    ['http://127.0.0.1:3000', 's1', 'ws://127.0.0.1:3000/api/pipeline/realtime/s1'],
    ['https://example.test', 's1', 'wss://example.test/api/pipeline/realtime/s1'],
    ['http://127.0.0.1:3000/prefix//', 'id', 'ws://127.0.0.1:3000/prefix/api/pipeline/realtime/id'],
    ['http://127.0.0.1:3000/p?x=1#frag', 'id', 'ws://127.0.0.1:3000/p/api/pipeline/realtime/id'],
    ['http://[::1]:8080', 'a b/c?d#e', 'ws://[::1]:8080/api/pipeline/realtime/a%20b%2Fc%3Fd%23e'],
    ['http://user:pw@127.0.0.1:3000', 'é', 'ws://user:pw@127.0.0.1:3000/api/pipeline/realtime/%C3%A9'],
    // The same target again, then another: each answer is its own target's.
    ['http://127.0.0.1:3000', 's2', 'ws://127.0.0.1:3000/api/pipeline/realtime/s2'],
    ['http://127.0.0.1:4000', 's2', 'ws://127.0.0.1:4000/api/pipeline/realtime/s2'],
  ];
  for (const [target, id, want] of cases) {
    assert.equal(sessionSocketUrl(target, id), want, `${target} ${id}`);
    assert.equal(new URL(want).href, want, 'already in the form a URL parser gives');
  }
});
