import type { DataSource } from 'typeorm';
import { CATEGORIES, OPEN311_ATTRIBUTES } from '@hotline/demo-city';
import { Open311ServiceAttributeRecord, Open311ServiceRecord } from './entities/open311.entities';

/**
 * Imports the demo city's category catalogue as intake's Open311 services, with their attributes.
 * Classification owns the categories; intake publishes them to Open311 clients from its own table,
 * so that no service reads another's at runtime.
 */
export async function seedOpen311Services(dataSource: DataSource): Promise<string> {
  await dataSource.transaction(async (manager) => {
    await manager.getRepository(Open311ServiceRecord).upsert(
      CATEGORIES.map((category, position) => ({
        serviceCode: category.code,
        serviceName: category.name,
        description: category.nameEn,
        groupName: category.group,
        keywords: category.keywords.slice(0, 8),
        position,
        isEnabled: true,
      })),
      ['serviceCode'],
    );
    await manager.getRepository(Open311ServiceAttributeRecord).createQueryBuilder().delete().execute();
    await manager.getRepository(Open311ServiceAttributeRecord).insert(
      OPEN311_ATTRIBUTES.map((attribute, position) => ({
        serviceCode: attribute.serviceCode,
        code: attribute.code,
        datatype: attribute.datatype,
        isRequired: attribute.isRequired,
        isVariable: true,
        datatypeDescription: attribute.datatypeDescription ?? null,
        position: position + 1,
        description: attribute.description,
        allowedValues: [...(attribute.values ?? [])],
      })),
    );
  });
  return `open311: ${CATEGORIES.length} services, ${OPEN311_ATTRIBUTES.length} attributes`;
}
