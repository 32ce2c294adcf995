import { returnedRows } from './returned-rows';

describe('returnedRows', () => {
  it('reads the rows of an UPDATE … RETURNING as well as of a SELECT', () => {
    expect(returnedRows([[{ month: '2026-04' }], 1])).toEqual([{ month: '2026-04' }]);
    expect(returnedRows([[], 0])).toEqual([]);
    expect(returnedRows([{ month: '2026-04' }])).toEqual([{ month: '2026-04' }]);
  });
});
