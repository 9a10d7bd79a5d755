import { intParam, listParam, parseQueryString, stringParam } from '../../src/api/query-params';

describe('parseQueryString', () => {
  it('keeps the last occurrence of a scalar parameter', () => {
    expect(intParam(parseQueryString('limit=1&limit=2'), 'limit')).toBe(2);
  });

  it('drops blank values before anything else, so a trailing blank does not hide an earlier value', () => {
    expect(intParam(parseQueryString('limit=1&limit='), 'limit')).toBe(1);
    expect(intParam(parseQueryString('limit=&limit=2'), 'limit')).toBe(2);
    expect(intParam(parseQueryString('limit&limit='), 'limit')).toBeUndefined();
    expect(parseQueryString('limit=1&limit=')).toEqual({ limit: '1' });
  });

  it('reads a comma-separated scalar as several values, keeping the last (falcon auto_parse_qs_csv)', () => {
    expect(intParam(parseQueryString('limit=1,2'), 'limit')).toBe(2);
    expect(intParam(parseQueryString('limit=1,'), 'limit')).toBe(1);
    expect(stringParam(parseQueryString('marker=a%2Cb'), 'marker')).toBe('a,b');
    expect(stringParam(parseQueryString('name=a+b%20c'), 'name')).toBe('a b c');
  });

  it('collects repeated list parameters as python-zaqarclient sends them', () => {
    expect(listParam(parseQueryString('ids=a&ids=b&ids=c'), 'ids')).toEqual(['a', 'b', 'c']);
  });

  it('splits comma-separated list parameters and mixes both forms', () => {
    expect(listParam(parseQueryString('ids=a,b&ids=c'), 'ids')).toEqual(['a', 'b', 'c']);
    expect(listParam(parseQueryString('ids='), 'ids')).toBeUndefined();
    expect(listParam(parseQueryString('ids=a&ids=&ids=,b'), 'ids')).toEqual(['a', 'b']);
  });
});
