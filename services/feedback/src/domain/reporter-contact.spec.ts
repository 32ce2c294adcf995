import { maskName, maskPhone, reporterForList } from './reporter-contact';

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone('139-1234-5678')).toBe('139****5678');
  });

  it('drops a country code and masks a landline the same way', () => {
    expect(maskPhone('+86 139 1234 5678')).toBe('139****5678');
    expect(maskPhone('010-12345678')).toBe('010****5678');
  });

  it('hides all but the last two digits of a short number', () => {
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('12')).toBe('**');
  });
});

describe('maskName', () => {
  it('keeps only the surname', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李*');
  });
});

describe('reporterForList', () => {
  it('shows a non-confidential reporter as given', () => {
    const reporter = { name: '测试市民', phone: '13800000000', confidential: false };
    expect(reporterForList(reporter)).toEqual(reporter);
  });

  it('masks a confidential reporter', () => {
    expect(reporterForList({ name: '测试市民', phone: '13800000000', confidential: true })).toEqual({
      name: '测***',
      phone: '138****0000',
      confidential: true,
    });
    expect(reporterForList({ name: null, phone: null, confidential: true })).toEqual({ name: null, phone: null, confidential: true });
  });
});
