import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of every webhook delivery. */
export const WEBHOOK_HEADERS = {
  id: 'Hotline-Webhook-Id',
  timestamp: 'Hotline-Webhook-Timestamp',
  signature: 'Hotline-Webhook-Signature',
} as const;

/** A receiver refuses a delivery whose timestamp is further than this from its own clock. */
export const WEBHOOK_REPLAY_WINDOW_S = 300;

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the timestamp is signed, so it cannot be moved. */
export function signWebhook(input: { secret: string; timestamp: number; body: string }): string {
  return `v1=${createHmac('sha256', input.secret).update(`${input.timestamp}.${input.body}`).digest('hex')}`;
}

export type WebhookVerification = { ok: true } | { ok: false; reason: 'malformed' | 'signature_mismatch' | 'outside_replay_window' };

/** What a receiver does, written once here for the tests and the README's recipe. */
export function verifyWebhook(input: { secret: string; timestamp: string; body: string; signature: string; nowS: number }): WebhookVerification {
  const timestamp = Number(input.timestamp);
  if (!/^\d+$/.test(input.timestamp) || !input.signature.startsWith('v1=')) return { ok: false, reason: 'malformed' };
  if (Math.abs(input.nowS - timestamp) > WEBHOOK_REPLAY_WINDOW_S) return { ok: false, reason: 'outside_replay_window' };
  const expected = Buffer.from(signWebhook({ secret: input.secret, timestamp, body: input.body }));
  const presented = Buffer.from(input.signature);
  const isMatch = expected.length === presented.length && timingSafeEqual(expected, presented);
  return isMatch ? { ok: true } : { ok: false, reason: 'signature_mismatch' };
}
