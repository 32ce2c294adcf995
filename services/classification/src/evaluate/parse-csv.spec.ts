import { parseCsv } from './parse-csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('title,detail,label\r\n"a, b","say ""hi""\nthere",x\nplain,,y')).toEqual([
      ['title', 'detail', 'label'],
      ['a, b', 'say "hi"\nthere', 'x'],
      ['plain', '', 'y'],
    ]);
  });

  it('ignores a final line break', () => {
    expect(parseCsv('a,b\n')).toEqual([['a', 'b']]);
  });
});
