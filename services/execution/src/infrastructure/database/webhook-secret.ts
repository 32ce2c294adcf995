import { rowContext, type PersonalDataCipher, type SealedColumns } from '@hotline/personal-data';

/**
 * A subscription's signing secret is stored sealed with the personal-data key ring, bound to its row
 * (the subscription id is authenticated with it), and opened only in memory to sign a delivery.
 */
export const WEBHOOK_SECRET_COLUMNS: SealedColumns = { table: 'execution.webhook_subscriptions', idColumn: 'id', columns: ['secret'], isBoundToRow: true };

const contextOf = (subscriptionId: string) => rowContext({ table: WEBHOOK_SECRET_COLUMNS.table, column: 'secret', id: subscriptionId });

export function sealWebhookSecret(cipher: PersonalDataCipher, input: { subscriptionId: string; secret: string }): string {
  return cipher.seal(input.secret, contextOf(input.subscriptionId));
}

/** Throws PersonalDataError (UNKNOWN_KEY, TAMPERED, MALFORMED); its message names a key id, never the secret. */
export function openWebhookSecret(cipher: PersonalDataCipher, input: { subscriptionId: string; sealedSecret: string }): string {
  return cipher.open(input.sealedSecret, contextOf(input.subscriptionId));
}
