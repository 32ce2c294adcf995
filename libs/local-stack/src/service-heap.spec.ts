import { SERVICE_HEAP_DEFAULTS, SERVICE_SEMI_SPACE_MB, serviceHeapArgs } from './service-process';

describe('serviceHeapArgs', () => {
  it('gives every service a 16 MB young generation and a 30 % old-generation growth step, with no cap', () => {
    expect(SERVICE_HEAP_DEFAULTS).toEqual({ semiSpaceMb: 8, heapGrowingPercent: 30 });
    expect(serviceHeapArgs({})).toEqual(['--max-semi-space-size=8', '--heap-growing-percent=30']);
    expect(serviceHeapArgs({ SERVICE_HEAP_MB: '', SERVICE_SEMI_SPACE_MB: '' })).toEqual(['--max-semi-space-size=8', '--heap-growing-percent=30']);
  });

  it('gives intake an 8 MB young generation, and every other service the 16 MB default', () => {
    expect(SERVICE_SEMI_SPACE_MB).toEqual({ intake: 4 });
    expect(serviceHeapArgs({}, 'intake')).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=30']);
    expect(serviceHeapArgs({}, 'dispatch')).toEqual(['--max-semi-space-size=8', '--heap-growing-percent=30']);
  });

  it('lets SERVICE_SEMI_SPACE_MB set intake\'s young generation too', () => {
    expect(serviceHeapArgs({ SERVICE_SEMI_SPACE_MB: '8' }, 'intake')).toEqual(['--max-semi-space-size=8', '--heap-growing-percent=30']);
  });

  it('takes other values from SERVICE_SEMI_SPACE_MB and SERVICE_HEAP_GROWING_PERCENT', () => {
    expect(serviceHeapArgs({ SERVICE_SEMI_SPACE_MB: '16', SERVICE_HEAP_GROWING_PERCENT: '100' })).toEqual([
      '--max-semi-space-size=16',
      '--heap-growing-percent=100',
    ]);
  });

  it('caps the old space at SERVICE_HEAP_MB when it is set', () => {
    expect(serviceHeapArgs({ SERVICE_HEAP_MB: '256' })).toEqual(['--max-semi-space-size=8', '--heap-growing-percent=30', '--max-old-space-size=256']);
  });

  it.each([
    ['SERVICE_HEAP_MB', 'abc', /SERVICE_HEAP_MB must be a whole number of megabytes, at least 64/],
    ['SERVICE_HEAP_MB', '32', /SERVICE_HEAP_MB must be a whole number of megabytes, at least 64/],
    ['SERVICE_SEMI_SPACE_MB', '0', /SERVICE_SEMI_SPACE_MB must be a whole number of megabytes, at least 1/],
    ['SERVICE_HEAP_GROWING_PERCENT', '12.5', /SERVICE_HEAP_GROWING_PERCENT must be a whole number of percent, at least 10/],
  ])('refuses %s=%p with a message saying what it must be', (name, value, message) => {
    expect(() => serviceHeapArgs({ [name]: value })).toThrow(message);
  });
});
