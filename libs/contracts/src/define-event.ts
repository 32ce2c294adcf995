import { z } from 'zod';
import { envelopeBaseSchema } from './envelope';

export interface EventDefinition<TType extends string, TVersion extends number, TPayload extends z.ZodType> {
  readonly type: TType;
  readonly version: TVersion;
  readonly payload: TPayload;
  /** The whole message: envelope fields plus this event's literal type, version and payload. */
  readonly schema: z.ZodObject<
    Omit<(typeof envelopeBaseSchema)['shape'], 'type' | 'version' | 'payload'> & {
      type: z.ZodLiteral<TType>;
      version: z.ZodLiteral<TVersion>;
      payload: TPayload;
    }
  >;
}

export function defineEvent<TType extends string, TVersion extends number, TPayload extends z.ZodType>(
  type: TType,
  version: TVersion,
  payload: TPayload,
): EventDefinition<TType, TVersion, TPayload> {
  const schema = envelopeBaseSchema.extend({
    type: z.literal(type),
    version: z.literal(version),
    payload,
  });
  return { type, version, payload, schema };
}
