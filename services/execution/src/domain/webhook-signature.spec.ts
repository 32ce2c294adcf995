import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"caseId":"c-1","type":"case.dispatched"}';
  const timestamp = 1_790_000_000;

  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>" under the subscription secret', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(signWebhook({ secret, timestamp, body })).toBe(`v1=${expected}`);
  });

  it('verifies a delivery signed with the same secret inside the replay window', () => {
    const signature = signWebhook({ secret, timestamp, body });
    expect(verifyWebhook({ secret, timestamp: String(timestamp), body, signature, nowS: timestamp + 299 })).toEqual({ ok: true });
  });

  it('detects a delivery signed with another secret', () => {
    const signature = signWebhook({ secret: 'whsec_other', timestamp, body });
    expect(verifyWebhook({ secret, timestamp: String(timestamp), body, signature, nowS: timestamp })).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('detects a changed body or a moved timestamp', () => {
    const signature = signWebhook({ secret, timestamp, body });
    expect(verifyWebhook({ secret, timestamp: String(timestamp), body: body.replace('c-1', 'c-2'), signature, nowS: timestamp })).toMatchObject({ ok: false });
    expect(verifyWebhook({ secret, timestamp: String(timestamp + 1), body, signature, nowS: timestamp })).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses a replay outside five minutes either way, and a malformed header', () => {
    const signature = signWebhook({ secret, timestamp, body });
    expect(verifyWebhook({ secret, timestamp: String(timestamp), body, signature, nowS: timestamp + 301 })).toEqual({ ok: false, reason: 'outside_replay_window' });
    expect(verifyWebhook({ secret, timestamp: String(timestamp), body, signature, nowS: timestamp - 301 })).toEqual({ ok: false, reason: 'outside_replay_window' });
    expect(verifyWebhook({ secret, timestamp: 'soon', body, signature, nowS: timestamp })).toEqual({ ok: false, reason: 'malformed' });
  });
});
