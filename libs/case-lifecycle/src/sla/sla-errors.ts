export type YearNotCoveredError = {
  readonly code: 'CALENDAR.YEAR_NOT_COVERED';
  readonly year: number;
  readonly message: string;
};

export type InvalidSlaInputError = {
  readonly code: 'SLA.INVALID_INPUT';
  readonly message: string;
};

export type SlaError = YearNotCoveredError | InvalidSlaInputError;

export function yearNotCovered(year: number): YearNotCoveredError {
  return {
    code: 'CALENDAR.YEAR_NOT_COVERED',
    year,
    message:
      `No official holiday data for ${year}: add the ${year} holiday and make-up workday schedule ` +
      `as calendar overrides and declare ${year} covered`,
  };
}

export function invalidSlaInput(message: string): InvalidSlaInputError {
  return { code: 'SLA.INVALID_INPUT', message };
}
