import { AppError } from '@hotline/nest-platform';
import { describeReference, type CaseReference } from './case-reference.request';
import type { FindCaseViewResult } from './case-view.finder';

/** The HTTP error for a case that could not be found unambiguously. */
export function caseLookupError(reference: CaseReference, result: Exclude<FindCaseViewResult, { status: 'found' }>): AppError {
  switch (result.status) {
    case 'not_found':
      return new AppError('CASE.NOT_FOUND', notFoundMessage(reference));
    case 'out_of_scope':
      // Outside a supervisor's region a case answers exactly as a missing one.
      return AppError.denied('CASE.NOT_FOUND', notFoundMessage(reference), 'case outside the supervisor region');
    case 'ambiguous':
      return new AppError('CASE.CONFLICT', `More than one case was recorded with ${describeReference(reference)}; look it up by case id.`, {
        caseIds: result.caseIds,
      });
  }
}

const notFoundMessage = (reference: CaseReference): string =>
  `No events have been recorded for ${describeReference(reference)}. Check the id or the tracking number (e.g. 261127-7K3QXA); ` +
  'the audit record is filled from the event stream, so a case received a moment ago can take a few seconds to appear.';
