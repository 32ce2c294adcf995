/** The reporter as an operator sees them in a list (the number hidden if they asked for confidentiality). */
export interface ReporterContact {
  name: string | null;
  phone: string | null;
  confidential: boolean;
}

/** 138****0000: the first three and last four digits, as Chinese services print a number they protect. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  // A country code (+86) is not needed to recognise the number.
  const local = digits.length > 11 ? digits.slice(-11) : digits;
  if (local.length >= 8) return `${local.slice(0, 3)}****${local.slice(-4)}`;
  if (local.length > 2) return `${'*'.repeat(local.length - 2)}${local.slice(-2)}`;
  return '*'.repeat(local.length);
}

/** 张*: the surname is enough for the operator to address the citizen. */
export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length === 0) return '';
  return `${characters[0]}${'*'.repeat(Math.max(1, characters.length - 1))}`;
}

export function reporterForList(reporter: ReporterContact): ReporterContact {
  if (!reporter.confidential) return reporter;
  return {
    name: reporter.name === null ? null : maskName(reporter.name),
    phone: reporter.phone === null ? null : maskPhone(reporter.phone),
    confidential: true,
  };
}
