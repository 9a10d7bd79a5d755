import { bodyChecksum } from '../../src/api/checksum';
import { pythonFloatRepr, pythonJsonDumps } from '../../src/api/python-json';

describe('bodyChecksum', () => {
  it.each([
    [{ event: 'BackupStarted' }, 'MD5:82eb2714b7c0237d373947c046cac78d'],
    ['x', 'MD5:3fbf839fa0e778a20326ddc34f5cd588'],
    [{ b: 'é', a: [1, 2.5, true] }, 'MD5:fb5fe2ae758d0225644416ed49809e04'],
    [{ a: 1, b: [1, 2.5, 'é'] }, 'MD5:52a23fe3cdaf0f75482fbf35910aa5ac'],
  ])('matches the reference for %j', (body, checksum) => {
    expect(bodyChecksum(body)).toBe(checksum);
  });

  it('matches the reference for astral characters, control characters, floats and escapes', () => {
    const body = { astral: '😀', ctl: '\u0001\u007f', n: null, f: 1e-5, h: 0.1, neg: -3, e: [], o: {}, q: 'say "hi"\\\n\t' };
    expect(pythonJsonDumps(body)).toBe(
      '{"astral": "\\ud83d\\ude00", "ctl": "\\u0001\\u007f", "n": null, "f": 1e-05, "h": 0.1, "neg": -3, "e": [], "o": {}, "q": "say \\"hi\\"\\\\\\n\\t"}',
    );
    expect(bodyChecksum(body)).toBe('MD5:3bd4ccd1d50d908dab49b3b4724e5918');
  });

  it('has no checksum for a null body', () => {
    expect(bodyChecksum(null)).toBeUndefined();
  });
});

describe('pythonFloatRepr', () => {
  it.each([
    [2.5, '2.5'],
    [0.1, '0.1'],
    [100, '100.0'],
    [1e16, '1e+16'],
    [1.5e-7, '1.5e-07'],
    [0.0001, '0.0001'],
    [-123.456, '-123.456'],
    [1.2345e300, '1.2345e+300'],
  ])('renders %p as %s', (value, text) => {
    expect(pythonFloatRepr(value)).toBe(text);
  });
});
