import { attributesOf, booleanOf, coordinateOf, textOf } from './open311-input';

describe('Open311 tolerant input', () => {
  it('reads string booleans the way clients send them', () => {
    expect(['true', 'TRUE', '1', 'yes', 'on'].map(booleanOf)).toEqual([true, true, true, true, true]);
    expect(['false', '0', 'No', 'off'].map(booleanOf)).toEqual([false, false, false, false]);
    expect(booleanOf('maybe')).toBeUndefined();
    expect(booleanOf(undefined)).toBeUndefined();
  });

  it('treats #NOTPINPOINTED#, empty and non-numbers as no coordinate', () => {
    expect(coordinateOf('#NOTPINPOINTED#')).toBeUndefined();
    expect(coordinateOf('')).toBeUndefined();
    expect(coordinateOf('abc')).toBeUndefined();
    expect(coordinateOf('39.9087')).toBe(39.9087);
    expect(coordinateOf(116.46)).toBe(116.46);
  });

  it('reads numeric codes as text and the first of repeated values', () => {
    expect(textOf(42)).toBe('42');
    expect(textOf([' a ', 'b'])).toBe('a');
    expect(textOf('  ')).toBeUndefined();
  });

  it('collects attributes nested, flat, bracketed and repeated', () => {
    expect(
      attributesOf({
        attribute: { light_state: 'off', surface: ['sidewalk', 'manhole'] },
        'attribute[pole_number]': 'CY-1',
        'attribute[tags][]': ['x', 'y'],
        'attribute[depth]': 12,
      }),
    ).toEqual({ light_state: ['off'], surface: ['sidewalk', 'manhole'], pole_number: ['CY-1'], tags: ['x', 'y'], depth: ['12'] });
  });
});
