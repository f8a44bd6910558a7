/** One offer code of a campaign, as the campaigns report answers it. */
export interface CampaignCode {
  code: string;
  maxUses: number | null;
  usesInPeriod: number;
  usesToDate: number;
}

/** Each code's uses in the period, and to date against its maximum when it has one: `HOT10 3 (12 of 100)`. */
export function describeCodes(codes: CampaignCode[]): string {
  return codes.map((c) => `${c.code} ${c.usesInPeriod} (${c.usesToDate}${c.maxUses === null ? '' : ` of ${c.maxUses}`})`).join(' · ') || '—';
}
