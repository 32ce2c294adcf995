import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AcceptsApiKeyParameter, Access, CurrentPrincipal, Public, isChannelAllowed, type Principal } from '@hotline/access';
import type { Channel } from '@hotline/contracts';
import { ApiContract, HandlesOwnIdempotency, ZodPipe } from '@hotline/nest-platform';
import { textOf, type Form } from '../domain/open311-input';
import { Open311RequestRecord, Open311SubmissionRecord } from '../infrastructure/database/entities/open311.entities';
import { AdmissionInterceptor } from '../load-shedding/admission.interceptor';
import { ReceiveCaseHandler } from '../receive-case/receive-case.handler';
import { idempotencyKeySchema } from '../receive-case/receive-case.request';
import { Open311Catalogue } from './open311-catalogue';
import { formatOf } from './open311-discovery.controller';
import { Open311Error, Open311ErrorFilter } from './open311-error.filter';
import { sendOpen311 } from './open311-format';
import { isExtended, requestFilterOf } from './open311-query';
import { Open311RequestsReader } from './open311-requests.reader';
import { toSubmission, type Open311Submission } from './open311-submission';
import { formatParams, requestParams, requestQuery, requestsQuery, submitHeaders, submitQuery, tokenParams } from './open311.contract';
import { open311JsonSchemas } from './open311.schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBMIT_DESCRIPTION =
  'Form fields (application/x-www-form-urlencoded or multipart/form-data): api_key, service_code, lat + long | address_string | address_id, ' +
  'attribute[code] (or attribute[code][], or the key repeated), description, first_name, last_name, phone, email (accepted, not kept), ' +
  'device_id (or deviceid), account_id, media_url; media file parts are accepted and not stored. Answers service_request_id (the tracking number) and a token.';

// A client names no channel: a device is the app, anything else the web. Either must be in the key's scopes.
function channelFor(principal: Principal, form: Form): Channel | undefined {
  const preferred: Channel[] = textOf(form['device_id'] ?? form['deviceid']) ? ['app', 'web'] : ['web', 'app'];
  return preferred.find((channel) => isChannelAllowed(principal, channel));
}

@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
export class Open311RequestsController {
  constructor(
    private readonly catalogue: Open311Catalogue,
    private readonly reader: Open311RequestsReader,
    private readonly receiveCase: ReceiveCaseHandler,
  ) {}

  @ApiContract({ summary: 'Open311: submit a request (受理)', description: SUBMIT_DESCRIPTION, params: formatParams, query: submitQuery, headers: submitHeaders, response: open311JsonSchemas.created, errors: ['OPEN311.INVALID', 'INTAKE.IDEMPOTENCY_MISMATCH', 'INTAKE.OVERLOADED'] })
  @Post('requests.:format')
  @Access({ roles: ['hotline_client', 'dispatcher', 'inspector', 'admin'], operation: 'cases.create' })
  @AcceptsApiKeyParameter()
  @UseInterceptors(AdmissionInterceptor)
  @HandlesOwnIdempotency()
  async submit(
    @Param('format') format: string,
    @CurrentPrincipal() principal: Principal,
    @Query() query: Form,
    @Body() body: Form | undefined,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const checked = formatOf(format);
    const mediaParts = Array.isArray(request.files) ? request.files.length : 0;
    const { api_key: _key, ...form }: Form = { ...query, ...(body && typeof body === 'object' ? body : {}) };
    const serviceCode = textOf(form['service_code']);
    if (!serviceCode) throw new Open311Error(400, ['service_code is required']);
    const service = await this.catalogue.find(serviceCode);
    if (!service) throw new Open311Error(400, [`service_code ${serviceCode} is not a service: see services.${checked}`]);
    const channel = channelFor(principal, form);
    if (!channel) throw new Open311Error(403, ['this api_key may not submit requests on the web or app channel']);
    const result = toSubmission(form, service, channel, mediaParts);
    if (!result.ok) throw new Open311Error(400, result.problems);
    const idempotencyKey = new ZodPipe(idempotencyKeySchema, 'Idempotency-Key header').transform(rawIdempotencyKey);
    const token = randomUUID();
    const received = await this.receiveCase.execute(result.submission.request, idempotencyKey, {
      alsoRecord: (manager, receipt) => recordSubmission(manager, { submission: result.submission, token, ...receipt }),
    });
    if (received.status === 'idempotency_mismatch') throw new Open311Error(400, ['this Idempotency-Key was already used for a different request']);
    const stored = await this.reader.tokenOf(received.caseId);
    sendOpen311(response, {
      format: checked,
      root: 'service_requests',
      body: [{ service_request_id: received.trackingNumber, token: stored ?? token, service_notice: null, account_id: result.submission.accountId }],
    });
  }

  @ApiContract({ summary: 'Open311: requests, by id or by filters (90 days, 1,000 by default)', description: 'Extensions: page, page_size, updated_after, updated_before, extensions=true (extended_attributes with the notes history).', params: formatParams, query: requestsQuery, response: open311JsonSchemas.requests })
  @Get('requests.:format')
  @Public()
  async list(@Param('format') format: string, @Query() query: Form, @Res() response: Response): Promise<void> {
    const checked = formatOf(format);
    const requests = await this.reader.find(requestFilterOf(query), isExtended(query));
    sendOpen311(response, { format: checked, root: 'service_requests', body: requests });
  }

  @ApiContract({ summary: 'Open311: one request', params: requestParams, query: requestQuery, response: open311JsonSchemas.requests, errors: ['OPEN311.NOT_FOUND'] })
  @Get('requests/:id.:format')
  @Public()
  async one(@Param('id') id: string, @Param('format') format: string, @Query() query: Form, @Res() response: Response): Promise<void> {
    const checked = formatOf(format);
    const requests = await this.reader.find({ ids: [id], page: 1, pageSize: 1 }, isExtended(query));
    if (requests.length === 0) throw new Open311Error(404, [`no request ${id}`]);
    sendOpen311(response, { format: checked, root: 'service_requests', body: requests });
  }

  @ApiContract({ summary: 'Open311: the request id behind a token', params: tokenParams, response: open311JsonSchemas.tokens, errors: ['OPEN311.NOT_FOUND'] })
  @Get('tokens/:token.:format')
  @Public()
  async token(@Param('token') token: string, @Param('format') format: string, @Res() response: Response): Promise<void> {
    const checked = formatOf(format);
    const found = UUID.test(token) ? await this.reader.byToken(token) : undefined;
    if (!found) throw new Open311Error(404, [`no token ${token}`]);
    sendOpen311(response, { format: checked, root: 'service_requests', body: [found] });
  }
}

/** The Open311 extras and the case's first public view, in the case's own transaction. */
async function recordSubmission(
  manager: EntityManager,
  input: { submission: Open311Submission; token: string; caseId: string; trackingNumber: string; receivedAt: Date },
): Promise<void> {
  const { submission, caseId } = input;
  await manager.getRepository(Open311SubmissionRecord).insert({
    caseId,
    token: input.token,
    serviceCode: submission.serviceCode,
    attributes: submission.attributes,
    addressId: submission.addressId,
    deviceId: submission.deviceId,
    accountId: submission.accountId,
    mediaUrl: submission.mediaUrl,
    mediaParts: submission.mediaParts,
  });
  // GET requests/{id} answers at once; the case's events then keep the row current.
  await manager
    .createQueryBuilder()
    .insert()
    .into(Open311RequestRecord)
    .values({
      caseId,
      trackingNumber: input.trackingNumber,
      caseStatus: 'received',
      status: 'open',
      channel: submission.request.channel,
      description: submission.request.description,
      address: submission.request.address ?? null,
      lat: submission.request.location?.lat ?? null,
      lng: submission.request.location?.lng ?? null,
      requestedAt: input.receivedAt,
      updatedAt: input.receivedAt,
      statusNote: null,
    })
    .orIgnore()
    .execute();
}
