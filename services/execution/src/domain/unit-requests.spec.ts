import { checkExtensionRequest, checkReturnWindow } from './unit-requests';

const caseId = '6f1c2a8e-4a7b-4c55-9a53-0d6a3f0e9b11';
const dispatchedAt = new Date('2026-12-01T08:00:00Z');
const at = (iso: string) => new Date(iso);

describe('checkReturnWindow', () => {
  it('lets the unit return a case up to the end of the window, the last second included', () => {
    expect(checkReturnWindow({ caseId, dispatchedAt, now: at('2026-12-01T08:00:01Z'), windowS: 3600 })).toEqual({ ok: true });
    expect(checkReturnWindow({ caseId, dispatchedAt, now: at('2026-12-01T09:00:00Z'), windowS: 3600 })).toEqual({ ok: true });
  });

  it('refuses a return once the window has closed, saying when it closed', () => {
    const check = checkReturnWindow({ caseId, dispatchedAt, now: at('2026-12-01T09:00:01Z'), windowS: 3600 });
    expect(check).toEqual({ ok: false, error: { code: 'RETURN.WINDOW_CLOSED', message: expect.stringContaining('2026-12-01T09:00:00.000Z') } });
  });
});

describe('checkExtensionRequest', () => {
  const request = {
    caseId,
    currentDeadline: at('2026-12-08T08:00:00Z'),
    requestedDeadline: at('2026-12-15T08:00:00Z'),
    now: at('2026-12-02T08:00:00Z'),
    extensionsSoFar: 0,
    maxPerCase: 2,
  };

  it('accepts a later deadline while the case has extensions left', () => {
    expect(checkExtensionRequest(request)).toEqual({ ok: true });
    expect(checkExtensionRequest({ ...request, extensionsSoFar: 1 })).toEqual({ ok: true });
  });

  it('refuses a request beyond the configured number of extensions', () => {
    expect(checkExtensionRequest({ ...request, extensionsSoFar: 2 })).toMatchObject({ ok: false, error: { code: 'EXTENSION.LIMIT_REACHED' } });
    expect(checkExtensionRequest({ ...request, maxPerCase: 0 })).toMatchObject({ ok: false, error: { code: 'EXTENSION.LIMIT_REACHED' } });
  });

  it('refuses a deadline that is not later than the current one, or already past', () => {
    for (const requestedDeadline of [request.currentDeadline, at('2026-12-05T08:00:00Z')]) {
      expect(checkExtensionRequest({ ...request, requestedDeadline })).toMatchObject({ ok: false, error: { code: 'EXTENSION.DEADLINE_NOT_LATER' } });
    }
    const overdue = { ...request, currentDeadline: at('2026-12-01T08:00:00Z'), requestedDeadline: at('2026-12-01T20:00:00Z') };
    expect(checkExtensionRequest(overdue)).toMatchObject({ ok: false, error: { code: 'EXTENSION.DEADLINE_NOT_LATER' } });
  });
});
