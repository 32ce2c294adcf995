import { z } from 'zod';
import { AppError } from './app-error';
import { ZodPipe } from './zod-body.pipe';

describe('ZodPipe', () => {
  const optionalFields = z.object({ signedBy: z.string().optional() }).strict();
  const requiredFields = z.object({ reached: z.boolean(), note: z.string() }).strict();

  it('takes a missing body as an empty object', () => {
    expect(new ZodPipe(optionalFields).transform(undefined, { type: 'body' })).toEqual({});
  });

  it('names every missing field of a missing body, not the body as a whole', () => {
    try {
      new ZodPipe(requiredFields).transform(undefined, { type: 'body' });
      throw new Error('expected a validation error');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details?.issues?.map((issue) => issue.path).sort()).toEqual(['note', 'reached']);
    }
  });

  it('still refuses a missing query or parameter object', () => {
    expect(() => new ZodPipe(optionalFields).transform(undefined, { type: 'query' })).toThrow(AppError);
  });
});
