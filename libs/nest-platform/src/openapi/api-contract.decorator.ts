import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_CONTRACT_METADATA = 'hotline:api-contract';
export const API_EXCLUDED_METADATA = 'hotline:api-excluded';

/**
 * What a route accepts and answers, for its OpenAPI operation. The schemas are the ones the route
 * validates with (ZodPipe) or, for responses, ones checked against its return type.
 */
export interface ApiContractOptions {
  summary: string;
  description?: string;
  /** The request body; the schema's input side is documented (what a client sends). */
  body?: z.ZodType;
  /** Path parameters as one object schema; without it each `:param` is documented as a string. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers as one object schema, keyed by header name. */
  headers?: z.ZodObject;
  /** The success body; without it the operation documents a response without content. */
  response?: z.ZodType;
  /** Error codes the route itself returns (AppError codes); validation and 5xx codes are added for every route. */
  errors?: readonly string[];
  /** Headers the success response may carry, by name, with a description. */
  responseHeaders?: Readonly<Record<string, string>>;
}

/** Documents a route in the service's OpenAPI document (`/openapi.json`). */
export const ApiContract = (options: ApiContractOptions): MethodDecorator => SetMetadata(API_CONTRACT_METADATA, options);

/** Leaves a controller or route out of the OpenAPI document (the document's own routes). */
export const ApiExcluded = (): ClassDecorator & MethodDecorator => SetMetadata(API_EXCLUDED_METADATA, true);

type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? unknown : { schemaMismatch: 'the route returns more than the schema describes' }) : { schemaMismatch: 'the schema describes more than the route returns' };

/**
 * A response schema whose output type is the route's return type `T`: when the two part ways, the
 * code stops compiling instead of the document drifting from what the route answers.
 */
export const responseSchemaFor =
  <T>() =>
  <S extends z.ZodType>(schema: S & SameType<z.output<S>, T>): S =>
    schema;
