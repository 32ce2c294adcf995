import { CASE_STATUSES } from './case-status';
import { toOpen311Status } from './open311-status';

const CLOSED_FOR_OPEN311 = ['not_filed', 'answered', 'transferred', 'merged', 'declined', 'closed', 'under_appeal'];

describe('toOpen311Status', () => {
  it.each(CASE_STATUSES.map((status) => [status, CLOSED_FOR_OPEN311.includes(status) ? 'closed' : 'open'] as const))(
    'reports a %s case as %s',
    (status, expected) => {
      expect(toOpen311Status(status)).toBe(expected);
    },
  );
});
