export interface CopyableAgency {
  readonly kind: string;
  readonly parentAgencyId: string | null;
}

/** Regulation (接诉即办条例): a dispatch to a street office or township is also copied to its district government. */
export function copiedToAgencyIds(agency: CopyableAgency): string[] {
  const isStreetLevel = agency.kind === 'street_office';
  return isStreetLevel && agency.parentAgencyId !== null ? [agency.parentAgencyId] : [];
}
