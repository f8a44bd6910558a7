import { describe, expect, it } from 'vitest';
import { readInventoryFilters } from './inventory';

describe('the inventory filters in the URL', () => {
  it('keeps a known inventory type and a whole category id', () => {
    expect(readInventoryFilters('?inventoryType=CHECK_QUANTITY&categoryId=2002', false)).toEqual({ inventoryType: 'CHECK_QUANTITY', categoryId: '2002' });
  });

  it('drops what the report would refuse', () => {
    expect(readInventoryFilters('?inventoryType=SOMETIMES&categoryId=12a', false)).toEqual({ inventoryType: undefined, categoryId: undefined });
  });

  it('takes a threshold for low stock, not an inventory type', () => {
    expect(readInventoryFilters('?threshold=3&inventoryType=CHECK_QUANTITY', true)).toEqual({ threshold: '3', categoryId: undefined });
  });
});
