import { isIP } from 'node:net';

/** Whether plain http:// to this machine's loopback is allowed: development and test only. */
export interface WebhookUrlPolicy {
  allowInsecure: boolean;
}

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
// Names that only resolve inside a network; refused before any lookup.
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/i;

/**
 * The endpoint a unit registers (SSRF guard, part one, at registration): https only; no user info;
 * no IP literal or name that is loopback, private, link-local or otherwise not publicly routable.
 * With `allowInsecure`, http://127.0.0.1, http://localhost and http://[::1] are accepted too.
 * Part two runs at every delivery: the name's resolved address is checked again (isPublicAddress).
 */
export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'must be an absolute URL' };
  }
  const isLoopbackHost = LOOPBACK_NAMES.has(url.hostname.toLowerCase());
  if (policy.allowInsecure && isLoopbackHost && (url.protocol === 'http:' || url.protocol === 'https:')) return checkRest(url);
  if (url.protocol !== 'https:') return { ok: false, reason: 'must start with https://' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    if (!isPublicAddress(host)) return { ok: false, reason: `must not point at a private, loopback or link-local address (${host})` };
  } else if (INTERNAL_NAME.test(host) || !host.includes('.')) {
    return { ok: false, reason: `must name a public host, not ${host}` };
  }
  return checkRest(url);
}

function checkRest(url: URL): WebhookUrlCheck {
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password' };
  if (url.hash) return { ok: false, reason: 'must not carry a #fragment' };
  return { ok: true, url };
}

/** A loopback address, for the insecure (development/test) mode only. */
export const isLoopbackAddress = (address: string): boolean => address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1';

/** Whether an IP address is publicly routable: not private, loopback, link-local, CGNAT, multicast or reserved. */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return isPublicIpv4(address);
  if (version !== 6) return false;
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return isPublicIpv4(mapped[1]);
  // The URL parser writes an IPv4-mapped address in hex: [::ffff:10.0.0.1] becomes [::ffff:a00:1].
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex?.[1] && mappedHex[2]) {
    const [high, low] = [parseInt(mappedHex[1], 16), parseInt(mappedHex[2], 16)];
    return isPublicIpv4(`${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`);
  }
  if (lower === '::' || lower === '::1') return false;
  const firstHextet = parseInt(lower.split(':')[0] || '0', 16);
  if ((firstHextet & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local
  if ((firstHextet & 0xffc0) === 0xfe80) return false; // fe80::/10 link-local
  if ((firstHextet & 0xff00) === 0xff00) return false; // ff00::/8 multicast
  if (lower.startsWith('64:ff9b:') || lower.startsWith('2001:db8:')) return false; // NAT64, documentation
  return true;
}

function isPublicIpv4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  const isReserved =
    a === 0 || // this network
    a === 10 || // private
    a === 127 || // loopback
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata (169.254.169.254)
    (a === 172 && b >= 16 && b <= 31) || // private
    (a === 192 && b === 168) || // private
    (a === 192 && b === 0) || // IETF protocol assignments, documentation
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224; // multicast, reserved, broadcast
  return !isReserved;
}
