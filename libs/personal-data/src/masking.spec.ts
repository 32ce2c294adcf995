import { HIDDEN, maskName, maskPhone, maskReporter, maskReportersIn } from './masking';

describe('maskName', () => {
  it('keeps the first character only', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧*');
    expect(maskName('  李四 ')).toBe('李*');
    expect(maskName('')).toBe('*');
  });

  it('leaves a masked name as it is', () => {
    expect(maskName('张*')).toBe('张*');
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone('+86 139-1234-5678')).toBe('139****5678');
    expect(maskPhone('010-12345678')).toBe('010****5678');
  });

  it('hides a number too short to keep both ends', () => {
    expect(maskPhone('12345')).toBe('****');
    expect(maskPhone('12')).toBe('****');
  });

  it('leaves a masked number as it is', () => {
    expect(maskPhone('138****0000')).toBe('138****0000');
  });
});

describe('maskReporter', () => {
  it('masks a reporter', () => {
    expect(maskReporter({ name: '王小明', phone: '13912345678', confidential: false })).toEqual({
      name: '王*',
      phone: '139****5678',
      confidential: false,
    });
  });

  it('hides a confidential reporter completely', () => {
    expect(maskReporter({ name: '王小明', phone: '13912345678', confidential: true })).toEqual({ name: HIDDEN, phone: HIDDEN, confidential: true });
  });

  it('keeps missing contact fields as null', () => {
    expect(maskReporter({ name: null, phone: null, confidential: true })).toEqual({ name: null, phone: null, confidential: true });
  });
});

describe('maskReportersIn', () => {
  const payload = {
    trackingNumber: '261127-7K3QXA',
    description: '路灯不亮',
    reporter: { name: '王小明', phone: '13912345678', confidential: false, sealed: { name: 'v1:k:a:b:c', phone: null } },
  };

  it('masks every reporter, drops sealed values and leaves everything else as it was', () => {
    expect(maskReportersIn(payload)).toEqual({ ...payload, reporter: { name: '王*', phone: '139****5678', confidential: false } });
    expect(maskReportersIn([{ reporter: { name: '李四', confidential: true } }])).toEqual([{ reporter: { name: HIDDEN, confidential: true } }]);
  });

  it('does not change its input', () => {
    maskReportersIn(payload);
    expect(payload.reporter.name).toBe('王小明');
  });

  it('keeps a missing reporter', () => {
    expect(maskReportersIn({ reporter: null })).toEqual({ reporter: null });
  });
});
