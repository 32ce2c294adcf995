import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PLATFORM_OPTIONS, type PlatformOptions } from '@hotline/nest-platform';
import { PersonalDataCipher, sealClearColumns } from '@hotline/personal-data';
import { WEBHOOK_SECRET_COLUMNS } from '../infrastructure/database/webhook-secret';

/**
 * Seals the signing secrets stored in clear before they were sealed at rest, once at start (before the
 * delivery worker runs). Not a migration: migrations run in the migrate Job, whose key ring need not be
 * the one execution opens with (prepare makes a throwaway local key file when PERSONAL_DATA_KEYS is
 * missing), and a secret sealed under a key execution lacks is lost. Here the ring that seals is the ring
 * that opens. Idempotent and compare-and-set per row, so replicas starting together are harmless.
 */
@Injectable()
export class SealClearWebhookSecrets implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformOptions,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async onModuleInit(): Promise<void> {
    const { rows } = await sealClearColumns({
      query: (sql, parameters) => this.dataSource.query(sql, parameters),
      cipher: this.cipher,
      target: WEBHOOK_SECRET_COLUMNS,
      batchSize: 100,
    });
    if (rows > 0) this.platform.logger.info({ rows, keyId: this.cipher.activeKeyId }, 'sealed webhook signing secrets stored in clear');
  }
}
