import { isSealed, type PersonalDataCipher, type ReporterContact } from '@hotline/personal-data';
import type { FollowUpRecord } from './entities/follow-up.entity';

/** The clear contact of a follow-up (only to be masked, or given to the operator making the call). */
export function openReporterContact(cipher: PersonalDataCipher, record: FollowUpRecord): ReporterContact {
  // A clear value was stored before encryption at rest; `npm run personal-data:rotate` seals it.
  const open = (value: string | null): string | null => (value === null || !isSealed(value) ? value : cipher.open(value));
  return { name: open(record.reporterName), phone: open(record.reporterPhone), confidential: record.reporterConfidential };
}
