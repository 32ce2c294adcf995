import { newTrackingNumber } from './tracking-number';

describe('newTrackingNumber', () => {
  it('starts with the date in Beijing, which is already the next day at 17:00 UTC', () => {
    expect(newTrackingNumber(new Date('2026-11-27T17:00:00Z'))).toMatch(/^261128-[0-9A-HJKMNP-TV-Z]{6}$/);
  });

  it('avoids letters that are misheard on the phone', () => {
    const numbers = Array.from({ length: 500 }, () => newTrackingNumber(new Date()));
    expect(numbers.join('')).not.toMatch(/[ILOU]/);
  });
});
