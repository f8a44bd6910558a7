import { describe, expect, it } from 'vitest';
import { listQuery, readListView, toggleSort } from './listReport';

const defaults = { page: 1, pageSize: 50, sort: 'skuId' };
const sortable = ['skuId', 'name', 'quantity'];

describe('a list view in the URL', () => {
  it('reads page, size and sort, descending included', () => {
    expect(readListView('?page=3&pageSize=100&sort=-quantity', defaults, sortable)).toEqual({ page: 3, pageSize: 100, sort: '-quantity' });
  });

  it('keeps the defaults for what the report would refuse', () => {
    expect(readListView('?page=0&pageSize=7&sort=-password', defaults, sortable)).toEqual(defaults);
  });

  it('writes the filters that are set, then the view', () => {
    expect(listQuery({ page: 2, pageSize: 25, sort: 'name' }, { categoryId: '7', productId: undefined })).toBe('categoryId=7&page=2&pageSize=25&sort=name');
  });
});

describe('toggleSort', () => {
  it('sorts a new column ascending from its first page, then descending', () => {
    const byName = toggleSort({ page: 4, pageSize: 50, sort: 'skuId' }, 'name');
    expect(byName).toEqual({ page: 1, pageSize: 50, sort: 'name' });
    expect(toggleSort(byName, 'name').sort).toBe('-name');
  });
});
