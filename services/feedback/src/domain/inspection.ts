import type { FollowUpState } from './follow-up-policy';
import { isAwaitingInspection, isGridCase } from './follow-up-policy';

export type InspectionRefusal =
  | { code: 'INSPECTION.NOT_GRID'; message: string }
  | { code: 'INSPECTION.NOT_PENDING'; message: string }
  | { code: 'INSPECTION.SAME_INSPECTOR'; message: string };

/**
 * 核查: only a grid case whose unit has reported back is checked, and never by the inspector who
 * reported it (DOMAIN §5: a different inspector checks on site).
 */
export function checkInspection(state: FollowUpState & { reporterInspectorId: string | null }, inspectorId: string): InspectionRefusal | null {
  if (!isGridCase(state)) return { code: 'INSPECTION.NOT_GRID', message: 'only a grid inspector\'s report (channel grid) is checked on site' };
  if (!isAwaitingInspection(state)) {
    return { code: 'INSPECTION.NOT_PENDING', message: `the case is checked once the unit has reported back; it is ${state.status}` };
  }
  if (state.reporterInspectorId === inspectorId) {
    return { code: 'INSPECTION.SAME_INSPECTOR', message: 'the inspector who reported the case may not check it on site; a different inspector must' };
  }
  return null;
}
