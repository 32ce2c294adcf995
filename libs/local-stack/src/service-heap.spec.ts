import { serviceHeapArgs } from './service-process';

describe('serviceHeapArgs', () => {
  it('leaves V8 its own heap sizing unless SERVICE_HEAP_MB is set', () => {
    expect(serviceHeapArgs({})).toEqual([]);
    expect(serviceHeapArgs({ SERVICE_HEAP_MB: '' })).toEqual([]);
  });

  it('caps the old space at SERVICE_HEAP_MB and the semi-spaces at 4 MB', () => {
    expect(serviceHeapArgs({ SERVICE_HEAP_MB: '256' })).toEqual(['--max-old-space-size=256', '--max-semi-space-size=4']);
  });

  it.each(['abc', '12.5', '32'])('refuses SERVICE_HEAP_MB=%p with a message saying what it must be', (value) => {
    expect(() => serviceHeapArgs({ SERVICE_HEAP_MB: value })).toThrow(/SERVICE_HEAP_MB must be a whole number of megabytes, at least 64/);
  });
});
