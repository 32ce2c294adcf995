import { serviceHeapArgs } from './service-process';

describe('serviceHeapArgs', () => {
  it('caps the old space at 128 MB and the semi-spaces at 4 MB by default', () => {
    expect(serviceHeapArgs({})).toEqual(['--max-old-space-size=128', '--max-semi-space-size=4']);
  });

  it('takes the old space from SERVICE_HEAP_MB', () => {
    expect(serviceHeapArgs({ SERVICE_HEAP_MB: '256' })[0]).toBe('--max-old-space-size=256');
  });

  it.each(['abc', '12.5', '32', ''])('refuses SERVICE_HEAP_MB=%p with a message saying what it must be', (value) => {
    expect(() => serviceHeapArgs({ SERVICE_HEAP_MB: value })).toThrow(/SERVICE_HEAP_MB must be a whole number of megabytes, at least 64/);
  });
});
