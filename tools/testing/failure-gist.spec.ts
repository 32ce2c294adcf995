import { failureGist } from './failure-gist';

describe('failureGist', () => {
  it('keeps the lines of an equality diff, without colours', () => {
    const message = [
      'expect(received).toEqual(expected) // deep equality',
      '',
      '\u001b[32m- Expected  -  1\u001b[39m',
      '\u001b[31m+ Received  + 3\u001b[39m',
      '',
      '\u001b[32m- Array []\u001b[39m',
      '\u001b[31m+ Array [\u001b[39m',
      '\u001b[31m+   "group hotline.dispatch: Stable, 1 member(s), lag 1727",\u001b[39m',
      '\u001b[31m+ ]\u001b[39m',
      '    at Object.toEqual (tests/e2e/crash-recovery.e2e-spec.ts:178:57)',
    ].join('\n');
    expect(failureGist(message)).toEqual(['- Array []', '+ Array [', '+   "group hotline.dispatch: Stable, 1 member(s), lag 1727",', '+ ]']);
  });

  it('keeps the first lines of any other failure, without its stack', () => {
    const message = 'not true within 90000 ms: expect(received).toBe(expected)\n\nExpected: "dispatched"\nReceived: "received"\n    at toBe (tests/e2e/duplicate-merge.e2e-spec.ts:53:28)';
    expect(failureGist(message)).toEqual(['not true within 90000 ms: expect(received).toBe(expected)', 'Expected: "dispatched"', 'Received: "received"']);
  });

  it('says how many lines it left out', () => {
    const message = ['+ Received  + 30', ...Array.from({ length: 30 }, (_, index) => `+ line ${index}`)].join('\n');
    const gist = failureGist(message, 3);
    expect(gist).toEqual(['+ line 0', '+ line 1', '+ line 2', '… 27 more']);
  });
});
