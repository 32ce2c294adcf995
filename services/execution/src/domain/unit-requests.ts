/**
 * The rules a unit's return (退单) and extension request (延期申请) must meet beyond the state machine.
 * Pure: the handler passes in what it read and the configured limits.
 */
export type UnitRequestRefusal = {
  code: 'RETURN.WINDOW_CLOSED' | 'EXTENSION.LIMIT_REACHED' | 'EXTENSION.DEADLINE_NOT_LATER';
  message: string;
};
export type UnitRequestCheck = { ok: true } | { ok: false; error: UnitRequestRefusal };

const OK: UnitRequestCheck = { ok: true };

/** A unit may return a case only within RETURN_WINDOW_S of the dispatch of its round; after that it is its own (首接负责). */
export function checkReturnWindow(input: { caseId: string; dispatchedAt: Date; now: Date; windowS: number }): UnitRequestCheck {
  const closesAt = new Date(input.dispatchedAt.getTime() + input.windowS * 1000);
  if (input.now.getTime() <= closesAt.getTime()) return OK;
  return {
    ok: false,
    error: { code: 'RETURN.WINDOW_CLOSED', message: `case ${input.caseId} can no longer be returned: the return window closed at ${closesAt.toISOString()}` },
  };
}

/**
 * An extension must move the deadline later (and into the future), and a case gets at most
 * EXTENSION_MAX_PER_CASE of them; requests the centre rejected do not count.
 */
export function checkExtensionRequest(input: {
  caseId: string;
  currentDeadline: Date;
  requestedDeadline: Date;
  now: Date;
  extensionsSoFar: number;
  maxPerCase: number;
}): UnitRequestCheck {
  if (input.extensionsSoFar >= input.maxPerCase) {
    return {
      ok: false,
      error: { code: 'EXTENSION.LIMIT_REACHED', message: `case ${input.caseId} has had ${input.extensionsSoFar} extension(s); at most ${input.maxPerCase} are allowed` },
    };
  }
  const isLater = input.requestedDeadline.getTime() > Math.max(input.currentDeadline.getTime(), input.now.getTime());
  if (!isLater) {
    return {
      ok: false,
      error: {
        code: 'EXTENSION.DEADLINE_NOT_LATER',
        message: `requestedDeadline must be later than the current deadline ${input.currentDeadline.toISOString()} and than now`,
      },
    };
  }
  return OK;
}
