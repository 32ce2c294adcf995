/**
 * The personal fields of a recorded event are the reporter's name and phone (PERSONAL_DATA_FIELDS in
 * libs/contracts) and their sealed copies. Audit never keeps the sealed copies, and retention erases
 * the rest; the hash chain covers the envelope without any of them, so erasing them leaves it intact.
 *
 * Keep in step with audit.without_personal_data() (migration 1765100000000), which performs the
 * erasure in the database and which the append-only trigger allows as the only change.
 */
export function withoutPersonalData(envelope: unknown): unknown {
  return mapReporter(envelope, ({ sealed: _sealed, ...reporter }) => ({ ...reporter, name: null, phone: null }));
}

/** The envelope as audit stores it: the masked contact stays, the sealed copy (for feedback) does not. */
export function withoutSealedContact(envelope: unknown): unknown {
  return mapReporter(envelope, ({ sealed: _sealed, ...reporter }) => reporter);
}

function mapReporter(envelope: unknown, change: (reporter: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (!isRecord(envelope) || !isRecord(envelope['payload']) || !isRecord(envelope['payload']['reporter'])) return envelope;
  const payload = envelope['payload'];
  return { ...envelope, payload: { ...payload, reporter: change(payload['reporter'] as Record<string, unknown>) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
