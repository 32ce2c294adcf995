import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { ErasePersonalDataHandler } from './erase-personal-data.handler';

@Controller()
export class PersonalDataErasedConsumer {
  constructor(private readonly handler: ErasePersonalDataHandler) {}

  @EventPattern('case.personal_data_erased')
  async onErased(@Payload() event: CaseEventOf<'case.personal_data_erased'>): Promise<void> {
    await this.handler.execute(event);
  }
}
