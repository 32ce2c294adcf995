/**
 * Requests no HTTP client will send: broken request lines, bad framing, bad header syntax. The HTTP
 * parser refuses them before Nest sees anything; each must still answer a 4xx with our error body.
 */
export function rawRequests(postTarget: string): { kind: string; bytes: Buffer }[] {
  const host = 'Host: 127.0.0.1\r\nConnection: close\r\n';
  const list: [string, string | Buffer][] = [
    ['raw.request-line-extra', `GET /health/live HTTP/1.1 extra\r\n${host}\r\n`],
    ['raw.unknown-method', `BREW /health/live HTTP/1.1\r\n${host}\r\n`],
    ['raw.garbage', 'GARBAGE\r\n\r\n'],
    ['raw.http2-preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['raw.bad-version', `GET /health/live HTTP/9.9\r\n${host}\r\n`],
    ['raw.header-without-colon', `GET /health/live HTTP/1.1\r\n${host}Bad Header Line\r\n\r\n`],
    ['raw.header-nul', `GET /health/live HTTP/1.1\r\n${host}X-A: a\u0000b\r\n\r\n`],
    ['raw.header-space-before-colon', `GET /health/live HTTP/1.1\r\n${host}X-A : b\r\n\r\n`],
    ['raw.obs-fold', `GET /health/live HTTP/1.1\r\n${host}X-A: a\r\n b\r\n\r\n`],
    ['raw.bare-lf', `GET /health/live HTTP/1.1\n${host.replaceAll('\r\n', '\n')}\n`],
    ['raw.non-ascii-target', Buffer.concat([Buffer.from('GET /v1/cases/'), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(` HTTP/1.1\r\n${host}\r\n`)])],
    ['raw.space-in-target', `GET /v1/cases/a b HTTP/1.1\r\n${host}\r\n`],
    ['raw.content-length-negative', `POST ${postTarget} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{}`],
    ['raw.content-length-text', `POST ${postTarget} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}`],
    ['raw.content-length-twice', `POST ${postTarget} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`],
    ['raw.content-length-and-chunked', `POST ${postTarget} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['raw.chunk-size-invalid', `POST ${postTarget} HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
    ['raw.chunk-size-huge', `POST ${postTarget} HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n`],
    ['raw.chunk-missing-crlf', `POST ${postTarget} HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n`],
    ['raw.transfer-encoding-unknown', `POST ${postTarget} HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked, bogus\r\n\r\n0\r\n\r\n`],
    ['raw.headers-too-large', `GET /health/live HTTP/1.1\r\n${host}X-Filler: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['raw.target-too-long', `GET /health/live?${'a'.repeat(20_000)} HTTP/1.1\r\n${host}\r\n`],
  ];
  return list.map(([kind, bytes]) => ({ kind, bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes }));
}
