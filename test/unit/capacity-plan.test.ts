/** The capacity search as a table: history in, next level (or stop reason) out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bracket, nextLevel, type LevelOutcome, type NextLevel, type Phase, type SearchOptions } from '../../src/capacity/plan.js';

const opts: SearchOptions = { start: 10, step: 10, max: 50, bisect: true, resolution: 1 };
const h = (...levels: Array<[number, LevelOutcome['verdict']]>): LevelOutcome[] => levels.map(([sessions, verdict]) => ({ sessions, verdict }));
const go = (sessions: number, phase: Phase = 'step'): NextLevel => ({ done: false, sessions, phase });
const stop = (reason: string): NextLevel => ({ done: true, reason } as NextLevel);

const cases: Array<[string, LevelOutcome[], Partial<SearchOptions>, NextLevel]> = [
  ['starts at --start', [], {}, go(10)],
  ['steps up after a pass', h([10, 'pass']), {}, go(20)],
  ['keeps stepping', h([10, 'pass'], [20, 'pass'], [30, 'pass']), {}, go(40)],
  ['clamps the last step to --max', h([10, 'pass'], [20, 'pass']), { max: 25 }, go(25)],
  ['stops when --max passed', h([10, 'pass'], [20, 'pass'], [25, 'pass']), { max: 25 }, stop('max-passed')],
  ['start == max, passed', h([10, 'pass']), { max: 10 }, stop('max-passed')],
  ['first level failed', h([10, 'fail']), {}, stop('first-failed')],
  ['bisects after the first failure', h([10, 'pass'], [20, 'fail']), {}, go(15, 'bisect')],
  ['bisects up after a passing midpoint', h([10, 'pass'], [20, 'fail'], [15, 'pass']), {}, go(17, 'bisect')],
  ['bisects down after a failing midpoint', h([10, 'pass'], [20, 'fail'], [15, 'fail']), {}, go(12, 'bisect')],
  ['found at resolution 1', h([10, 'pass'], [20, 'fail'], [15, 'pass'], [17, 'fail'], [16, 'pass']), {}, stop('found')],
  ['coarser resolution stops earlier', h([10, 'pass'], [20, 'fail'], [15, 'pass']), { resolution: 5 }, stop('found')],
  ['--no-bisect stops at the first failure', h([10, 'pass'], [20, 'fail']), { bisect: false }, stop('found')],
  ['step of 1 needs no bisection', h([4, 'pass'], [5, 'fail']), { start: 4, step: 1 }, stop('found')],
  ['an invalid level is run once more', h([10, 'pass'], [20, 'invalid']), {}, go(20, 'retry')],
  ['a retried level that passes lets the search go on', h([10, 'pass'], [20, 'invalid'], [20, 'pass']), {}, go(30)],
  ['a retried level that fails brackets as usual', h([10, 'pass'], [20, 'invalid'], [20, 'fail']), {}, go(15, 'bisect')],
  ['the generator limit twice in a row stops', h([10, 'pass'], [20, 'invalid'], [20, 'invalid']), {}, stop('generator-limited')],
  ['the generator limit twice at the first level', h([10, 'invalid'], [10, 'invalid']), {}, stop('generator-limited')],
  ['an earlier retried level does not count twice', h([10, 'invalid'], [10, 'pass'], [20, 'invalid']), {}, go(20, 'retry')],
  ['a pass above a lower fail is not trusted', h([10, 'pass'], [30, 'fail'], [20, 'fail'], [25, 'pass']), {}, go(15, 'bisect')],
];

for (const [name, history, over, expected] of cases) {
  test(`nextLevel: ${name}`, () => {
    assert.deepEqual(nextLevel(history, { ...opts, ...over }), expected);
  });
}

test('a full search terminates and brackets a known knee for every start, step and resolution', () => {
  for (const knee of [1, 4, 5, 17, 49, 50]) {
    for (const [start, step, resolution] of [[1, 1, 1], [2, 2, 1], [1, 8, 1], [3, 7, 3], [10, 10, 1]]) {
      const history: LevelOutcome[] = [];
      let next = nextLevel(history, { start, step, max: 50, bisect: true, resolution });
      for (let guard = 0; !next.done && guard < 100; guard++) {
        history.push({ sessions: next.sessions, verdict: next.sessions <= knee ? 'pass' : 'fail' });
        next = nextLevel(history, { start, step, max: 50, bisect: true, resolution });
      }
      assert.equal(next.done, true);
      const { pass, fail } = bracket(history);
      if (knee < start) assert.equal(pass, null);
      else if (knee >= 50) assert.equal(fail, null);
      else {
        assert.ok(pass !== null && fail !== null && pass <= knee && knee < fail && fail - pass <= resolution, `knee ${knee}: ${pass}..${fail}`);
        assert.equal(new Set(history.map((l) => l.sessions)).size, history.length, 'no level runs twice');
      }
    }
  }
});
