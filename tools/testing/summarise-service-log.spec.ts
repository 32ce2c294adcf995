import { summariseServiceLog } from './summarise-service-log';

describe('summariseServiceLog', () => {
  it('counts levels, names the most frequent messages and the last error with its cause', () => {
    const lines = [
      JSON.stringify({ level: 'warn', time: '2026-12-05T22:30:01.000Z', message: 'Connection error' }),
      JSON.stringify({ level: 'warn', time: '2026-12-05T22:30:02.000Z', message: 'Connection error' }),
      JSON.stringify({ level: 'error', time: '2026-12-05T22:30:03.000Z', message: 'Kafka consumer stopped; replacing it', err: { message: 'coordinator not found' } }),
      JSON.stringify({ level: 40, time: '2026-12-05T22:30:04.000Z', msg: 'retrying' }),
      '    at Object.<anonymous> (main.js:1:1)',
      '',
    ];
    expect(summariseServiceLog(lines)).toBe(
      'warn 3, error 1, raw 1 | 2× Connection error | 1× Kafka consumer stopped; replacing it | 1× retrying' +
        ' | last error 22:30:03 Kafka consumer stopped; replacing it: coordinator not found | last entry 22:30:04',
    );
  });

  it('says so when a service logged nothing', () => {
    expect(summariseServiceLog([''])).toBe('nothing');
  });

  it('clips long messages', () => {
    const summary = summariseServiceLog([JSON.stringify({ level: 'warn', time: 0, message: 'x'.repeat(200) })]);
    expect(summary).toBe(`warn 1 | 1× ${'x'.repeat(69)}… | last entry 00:00:00`);
  });
});
