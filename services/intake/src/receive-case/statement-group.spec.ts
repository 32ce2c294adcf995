import { StatementGroup } from './statement-group';

/** A statement the test finishes by hand. */
interface Pending {
  items: readonly string[];
  finish: (results?: (string | Promise<string>)[]) => void;
  fail: (err: Error) => void;
}

function recorder() {
  const groups: Pending[] = [];
  const alone: Pending[] = [];
  const run = (items: readonly string[]) =>
    new Promise<(string | Promise<string>)[]>((resolve, reject) =>
      groups.push({ items, finish: (results) => resolve(results ?? items.map((item) => `together:${item}`)), fail: reject }),
    );
  const runAlone = (item: string) =>
    new Promise<string>((resolve, reject) =>
      alone.push({ items: [item], finish: (results) => resolve((results?.[0] as string) ?? `alone:${item}`), fail: reject }),
    );
  return { groups, alone, run, runAlone };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StatementGroup', () => {
  it('starts an item at once, alone, while fewer than maxInFlight statements run', async () => {
    const { groups, alone, run, runAlone } = recorder();
    const group = new StatementGroup({ maxInFlight: 2, maxSize: 10 }, run, runAlone);
    const first = group.submit('a');
    const second = group.submit('b');
    expect(alone.map((p) => p.items)).toEqual([['a'], ['b']]);
    alone[0].finish();
    alone[1].finish();
    expect(await first).toBe('alone:a');
    expect(await second).toBe('alone:b');
    expect(groups).toHaveLength(0);
  });

  it('sends the items that arrived while every statement ran in the next one, in arrival order, at most maxSize', async () => {
    const { groups, alone, run, runAlone } = recorder();
    const group = new StatementGroup({ maxInFlight: 1, maxSize: 3 }, run, runAlone);
    const answers = ['a', 'b', 'c', 'd', 'e'].map((item) => group.submit(item));
    expect(alone.map((p) => p.items)).toEqual([['a']]);

    alone[0].finish();
    await settle();
    expect(groups.map((p) => p.items)).toEqual([['b', 'c', 'd']]);
    groups[0].finish();
    await settle();
    // What is left is one item: it goes alone.
    expect(alone.map((p) => p.items)).toEqual([['a'], ['e']]);
    alone[1].finish();
    expect(await Promise.all(answers)).toEqual(['alone:a', 'together:b', 'together:c', 'together:d', 'alone:e']);
  });

  it('handles each item of a group whose statement failed by itself, so only the bad one fails', async () => {
    const { groups, alone, run, runAlone } = recorder();
    const group = new StatementGroup({ maxInFlight: 1, maxSize: 10 }, run, runAlone);
    const answers = ['a', 'b', 'bad', 'c'].map((item) => Promise.allSettled([group.submit(item)]).then(([result]) => result));
    alone[0].finish();
    await settle();
    groups[0].fail(new Error('duplicate key value violates unique constraint "cases_tracking_number_key"'));
    await settle();
    expect(alone.map((p) => p.items[0])).toEqual(['a', 'b', 'bad', 'c']);
    alone[1].finish();
    alone[2].fail(new Error('refused'));
    alone[3].finish();
    expect(await Promise.all(answers)).toEqual([
      { status: 'fulfilled', value: 'alone:a' },
      { status: 'fulfilled', value: 'alone:b' },
      { status: 'rejected', reason: new Error('refused') },
      { status: 'fulfilled', value: 'alone:c' },
    ]);
  });

  it('fails only the item whose own answer failed once the group statement succeeded, and never runs the group again', async () => {
    const { groups, alone, run, runAlone } = recorder();
    const group = new StatementGroup({ maxInFlight: 1, maxSize: 10 }, run, runAlone);
    const answers = ['a', 'b', 'c'].map((item) => Promise.allSettled([group.submit(item)]).then(([result]) => result));
    alone[0].finish();
    await settle();
    groups[0].finish(['together:b', Promise.reject(new Error('replay failed'))]);
    expect(await Promise.all(answers)).toEqual([
      { status: 'fulfilled', value: 'alone:a' },
      { status: 'fulfilled', value: 'together:b' },
      { status: 'rejected', reason: new Error('replay failed') },
    ]);
    expect(alone).toHaveLength(1);
  });
});
