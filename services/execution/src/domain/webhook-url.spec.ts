import { checkWebhookUrl, isPublicAddress } from './webhook-url';

describe('webhook endpoint URLs', () => {
  const production = { allowInsecure: false };
  const development = { allowInsecure: true };

  it('accepts a public https endpoint', () => {
    expect(checkWebhookUrl('https://hooks.unit.example.cn/hotline?x=1', production)).toMatchObject({ ok: true });
  });

  it('refuses http, user info and loopback in production', () => {
    expect(checkWebhookUrl('http://hooks.unit.example.cn/', production)).toMatchObject({ ok: false, reason: 'must start with https://' });
    expect(checkWebhookUrl('https://user:pw@hooks.unit.example.cn/', production)).toMatchObject({ ok: false });
    expect(checkWebhookUrl('http://127.0.0.1:8080/', production)).toMatchObject({ ok: false });
    expect(checkWebhookUrl('not a url', production)).toMatchObject({ ok: false });
  });

  it.each(['https://10.1.2.3/', 'https://192.168.0.10/', 'https://172.20.0.1/', 'https://169.254.169.254/latest/meta-data', 'https://127.0.0.1/', 'https://[::1]/', 'https://[fe80::1]/', 'https://[fd00::1]/', 'https://[::ffff:10.0.0.1]/', 'https://localhost/', 'https://db.internal/', 'https://intranet/'])(
    'refuses %s: private, loopback, link-local or internal',
    (url) => {
      expect(checkWebhookUrl(url, production)).toMatchObject({ ok: false });
    },
  );

  it('accepts http to this machine only in development and test', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4567/hook', development)).toMatchObject({ ok: true });
    expect(checkWebhookUrl('http://10.0.0.5/hook', development)).toMatchObject({ ok: false });
    expect(checkWebhookUrl('http://hooks.unit.example.cn/', development)).toMatchObject({ ok: false });
  });

  it('tells public addresses from the rest', () => {
    expect(['8.8.8.8', '2001:4860:4860::8888', '203.119.25.1'].map(isPublicAddress)).toEqual([true, true, true]);
    expect(['100.64.0.1', '0.0.0.0', '224.0.0.1', 'fc00::1', 'not-an-ip'].map(isPublicAddress)).toEqual([false, false, false, false, false]);
  });
});
