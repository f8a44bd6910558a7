/** The inventory types Broadleaf knows, as the inventory filter offers them. */
export const inventoryTypes = [
  ['', 'any'],
  ['CHECK_QUANTITY', 'stock tracked'],
  ['ALWAYS_AVAILABLE', 'always available'],
  ['UNAVAILABLE', 'unavailable'],
] as const;

/** The filters in the URL that the report takes (a low-stock threshold, or an inventory type, and a category). */
export function readInventoryFilters(search: string, lowStock: boolean): Record<string, string | undefined> {
  const query = new URLSearchParams(search);
  const whole = (name: string) => (/^\d+$/.test(query.get(name) ?? '') ? query.get(name)! : undefined);
  const type = query.get('inventoryType') ?? '';
  return lowStock
    ? { threshold: whole('threshold'), categoryId: whole('categoryId') }
    : { inventoryType: inventoryTypes.some(([value]) => value === type) && type ? type : undefined, categoryId: whole('categoryId') };
}
