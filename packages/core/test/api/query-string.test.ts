import { intParam, listParam, parseQueryString } from '../../src/api/query-params';

describe('parseQueryString', () => {
  it('keeps the last occurrence of a scalar parameter', () => {
    expect(intParam(parseQueryString('limit=1&limit=2'), 'limit')).toBe(2);
  });

  it('collects repeated list parameters as python-zaqarclient sends them', () => {
    expect(listParam(parseQueryString('ids=a&ids=b&ids=c'), 'ids')).toEqual(['a', 'b', 'c']);
  });

  it('splits comma-separated list parameters and mixes both forms', () => {
    expect(listParam(parseQueryString('ids=a,b&ids=c'), 'ids')).toEqual(['a', 'b', 'c']);
    expect(listParam(parseQueryString('ids='), 'ids')).toBeUndefined();
  });
});
