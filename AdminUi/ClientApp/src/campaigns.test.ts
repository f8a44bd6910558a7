import { describe, expect, it } from 'vitest';
import { describeCodes } from './campaigns';

describe('a campaign\'s codes', () => {
  it('reads as each code\'s uses in the period, then to date against its maximum', () => {
    expect(
      describeCodes([
        { code: 'HOT10', maxUses: 100, usesInPeriod: 3, usesToDate: 12 },
        { code: 'FREESHIP', maxUses: null, usesInPeriod: 0, usesToDate: 4 },
      ]),
    ).toBe('HOT10 3 (12 of 100) · FREESHIP 0 (4)');
    expect(describeCodes([])).toBe('—');
  });
});
