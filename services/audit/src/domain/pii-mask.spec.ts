import { maskName, maskPayload, maskPhone } from './pii-mask';

describe('maskName', () => {
  it('keeps the first character only', () => {
    expect(maskName('张三丰')).toBe('张*');
    expect(maskName('Li Lei')).toBe('L*');
  });

  it('masks an empty name without revealing anything', () => {
    expect(maskName('  ')).toBe('*');
  });
});

describe('maskPhone', () => {
  it('keeps the first three and the last four digits of a mobile number', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone('+86 139-1234-5678')).toBe('139****5678');
  });

  it('hides a number too short to keep both ends', () => {
    expect(maskPhone('12345')).toBe('****');
  });
});

describe('maskPayload', () => {
  const payload = {
    trackingNumber: '261127-7K3QXA',
    reporter: { name: '王小明', phone: '13912345678', confidential: false },
    location: { lat: 39.9, lng: 116.4 },
  };

  it('masks the reporter and leaves everything else as it was', () => {
    expect(maskPayload(payload)).toEqual({ ...payload, reporter: { name: '王*', phone: '139****5678', confidential: false } });
  });

  it('hides a confidential reporter completely', () => {
    const masked = maskPayload({ reporter: { name: '王小明', phone: '13912345678', confidential: true } });
    expect(masked).toEqual({ reporter: { name: '***', phone: '***', confidential: true } });
  });

  it('does not change the payload it was given', () => {
    maskPayload(payload);
    expect(payload.reporter.name).toBe('王小明');
  });

  it('keeps a missing reporter and missing contact fields as null', () => {
    expect(maskPayload({ reporter: null })).toEqual({ reporter: null });
    expect(maskPayload({ reporter: { name: null, phone: null, confidential: false } })).toEqual({
      reporter: { name: null, phone: null, confidential: false },
    });
  });
});
