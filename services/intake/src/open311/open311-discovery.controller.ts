import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@hotline/access';
import { ApiContract } from '@hotline/nest-platform';
import { Open311Catalogue } from './open311-catalogue';
import { formatParams, serviceParams } from './open311.contract';
import { Open311Error, Open311ErrorFilter } from './open311-error.filter';
import { isOpen311Format, sendOpen311, type Open311Format } from './open311-format';
import { open311JsonSchemas } from './open311.schemas';

// When this endpoint's description last changed.
const CHANGESET = '2026-12-02T00:00:00Z';
const SPEC_DESCRIPTION = 'Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2). The format is the extension: xml or json; errors are the spec\'s list of {code, description} in the same format.';

export function formatOf(value: string): Open311Format {
  if (!isOpen311Format(value)) throw new Open311Error(404, [`unknown format ${value}: use .xml or .json`]);
  return value;
}

@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
export class Open311DiscoveryController {
  constructor(private readonly catalogue: Open311Catalogue) {}

  @ApiContract({ summary: 'Open311: discovery', description: SPEC_DESCRIPTION, params: formatParams, response: open311JsonSchemas.discovery })
  @Get('discovery.:format')
  @Public()
  discovery(@Param('format') format: string, @Req() request: Request, @Res() response: Response): void {
    const url = `${request.protocol}://${request.get('host') ?? '127.0.0.1'}/open311/v2/`;
    sendOpen311(response, {
      format: formatOf(format),
      root: 'discovery',
      body: {
        changeset: CHANGESET,
        contact: '12345 citizen-service hotline centre (12345市民服务热线)',
        key_service: 'API keys are issued by the hotline centre (role hotline_client, operation cases.create)',
        endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
      },
    });
  }

  @ApiContract({ summary: 'Open311: the services (categories) a request can be filed under', description: SPEC_DESCRIPTION, params: formatParams, response: open311JsonSchemas.services })
  @Get('services.:format')
  @Public()
  async services(@Param('format') format: string, @Res() response: Response): Promise<void> {
    const checked = formatOf(format);
    const services = await this.catalogue.list();
    sendOpen311(response, {
      format: checked,
      root: 'services',
      body: services.map(({ record, attributes }) => ({
        service_code: record.serviceCode,
        service_name: record.serviceName,
        description: record.description,
        metadata: attributes.length > 0,
        type: 'realtime',
        keywords: record.keywords.join(','),
        group: record.groupName,
      })),
    });
  }

  @ApiContract({ summary: 'Open311: a service definition with its typed attributes', description: SPEC_DESCRIPTION, params: serviceParams, response: open311JsonSchemas.serviceDefinition, errors: ['OPEN311.NOT_FOUND'] })
  @Get('services/:code.:format')
  @Public()
  async serviceDefinition(@Param('code') code: string, @Param('format') format: string, @Res() response: Response): Promise<void> {
    const checked = formatOf(format);
    const service = await this.catalogue.find(code);
    if (!service) throw new Open311Error(404, [`no service ${code}`]);
    sendOpen311(response, {
      format: checked,
      root: 'service_definition',
      body: {
        service_code: service.record.serviceCode,
        attributes: service.attributes.map((attribute) => ({
          variable: attribute.isVariable,
          code: attribute.code,
          datatype: attribute.datatype,
          required: attribute.isRequired,
          datatype_description: attribute.datatypeDescription,
          order: attribute.position,
          description: attribute.description,
          values: attribute.allowedValues.map((option) => ({ key: option.key, name: option.name })),
        })),
      },
    });
  }
}
