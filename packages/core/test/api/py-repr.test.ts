import { pyListRepr, pyRepr, pySetRepr, pyTruthy } from '../../src/api/py-repr';

describe('Python renderings used in error texts', () => {
  it('quotes strings like repr()', () => {
    expect(pyRepr('bar')).toBe("'bar'");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('a\'b"c')).toBe("'a\\'b\"c'");
    expect(pyRepr('tab\there\\')).toBe("'tab\\there\\\\'");
    expect(pyRepr('é')).toBe("'é'");
  });

  it('renders other JSON values', () => {
    expect(pyRepr(null)).toBe('None');
    expect(pyRepr(true)).toBe('True');
    expect(pyRepr(12)).toBe('12');
    expect(pyRepr({ a: [1, 'x'] })).toBe("{'a': [1, 'x']}");
  });

  it('renders sets without duplicates and lists', () => {
    expect(pySetRepr(['foo', 'foo', 1])).toBe("{'foo', 1}");
    expect(pySetRepr([])).toBe('set()');
    expect(pyListRepr(['http', 'https'])).toBe("['http', 'https']");
  });

  it('knows Python truthiness', () => {
    for (const falsy of [undefined, null, false, 0, '', [], {}]) expect(pyTruthy(falsy)).toBe(false);
    for (const truthy of [true, 1, 'x', [0], { a: 0 }]) expect(pyTruthy(truthy)).toBe(true);
  });
});
