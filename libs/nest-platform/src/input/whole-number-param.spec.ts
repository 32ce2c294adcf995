import { z } from 'zod';
import { ZodPipe } from '../errors/zod-body.pipe';
import { wholeNumberParam } from './whole-number-param';

const query = z.object({ limit: wholeNumberParam({ min: 1, max: 500 }).default(100), offset: wholeNumberParam({ min: 0 }).default(0) });
const pipe = new ZodPipe(query, 'query');
const messageFor = (value: Record<string, string>) => {
  try {
    pipe.transform(value);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${JSON.stringify(value)} passed`);
};

describe('wholeNumberParam', () => {
  it.each([
    [{ limit: 'ten' }, 'The query is invalid: limit must be a number'],
    [{ limit: '2.5' }, 'The query is invalid: limit must be a whole number'],
    [{ limit: '0' }, 'The query is invalid: limit must be at least 1'],
    [{ limit: '501' }, 'The query is invalid: limit must be at most 500'],
    [{ offset: '-1' }, 'The query is invalid: offset must be at least 0'],
  ])('refuses %j: %s', (value, message) => {
    expect(messageFor(value)).toBe(message);
  });

  it('reads a number within the range, and takes the default when the parameter is absent', () => {
    expect(pipe.transform({ limit: '500', offset: '40' })).toEqual({ limit: 500, offset: 40 });
    expect(pipe.transform({})).toEqual({ limit: 100, offset: 0 });
  });
});
