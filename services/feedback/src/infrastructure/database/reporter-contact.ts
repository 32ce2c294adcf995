import { HIDDEN, PersonalDataError, isSealed, maskReporter, type PersonalDataCipher, type ReporterContact } from '@hotline/personal-data';
import type { FollowUpRecord } from './entities/follow-up.entity';

/** The clear contact of a follow-up, for the operator making the call. */
export function openReporterContact(cipher: PersonalDataCipher, record: FollowUpRecord): ReporterContact {
  // A clear value was stored before encryption at rest; `npm run personal-data:rotate` seals it.
  const open = (value: string | null): string | null => (value === null || !isSealed(value) ? value : cipher.open(value));
  return { name: open(record.reporterName), phone: open(record.reporterPhone), confidential: record.reporterConfidential };
}

/**
 * The masked contact for a list. Opened in memory only to be masked; a value this key ring cannot open
 * (a retired key, a damaged value) is shown hidden rather than failing the whole list.
 */
export function maskedReporterContact(cipher: PersonalDataCipher, record: FollowUpRecord): ReporterContact {
  try {
    return maskReporter(openReporterContact(cipher, record));
  } catch (err) {
    if (!(err instanceof PersonalDataError)) throw err;
    const hide = (value: string | null): string | null => (value === null ? null : HIDDEN);
    return { name: hide(record.reporterName), phone: hide(record.reporterPhone), confidential: record.reporterConfidential };
  }
}
