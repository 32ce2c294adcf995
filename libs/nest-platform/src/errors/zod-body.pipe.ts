import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { AppError } from './app-error';

/** Validates a request part with a zod schema and lists every field error in a 400. */
@Injectable()
export class ZodPipe<TSchema extends z.ZodType> implements PipeTransform<unknown, z.infer<TSchema>> {
  constructor(
    private readonly schema: TSchema,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<TSchema> {
    // A POST without a body (curl -X POST …/sign) is an empty object: a body whose fields are all
    // optional then passes, and one with required fields names each missing field.
    const input = metadata?.type === 'body' && value === undefined ? {} : value;
    const result = this.schema.safeParse(input);
    if (result.success) return result.data;
    const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
    throw new AppError('VALIDATION.FAILED', `The ${this.what} is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, {
      issues,
    });
  }
}
