import { satisfies } from '../../src/plugins/loader-semver';

describe('satisfies (npm range grammar on release versions)', () => {
  it.each([
    ['1.0.0', '^1.0.0', true],
    ['1.9.3', '^1.0.0', true],
    ['2.0.0', '^1.0.0', false],
    ['0.9.0', '^1.0.0', false],
    ['0.2.5', '^0.2.3', true],
    ['0.3.0', '^0.2.3', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['0.9.0', '^0.x', true],
    ['1.0.0', '^0.x', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true],
    ['1.0.0', '1.x', true],
    ['2.0.0', '1.x', false],
    ['1.5.0', '1', true],
    ['1.0.0', '*', true],
    ['1.0.0', '', true],
    ['1.0.0', '>=1.0.0 <2.0.0', true],
    ['2.0.0', '>=1.0.0 <2.0.0', false],
    ['1.0.0', '>= 1.0.0', true],
    ['1.0.0', '>1', false],
    ['2.0.0', '>1', true],
    ['1.2.9', '<=1.2', true],
    ['1.3.0', '<=1.2', false],
    ['1.0.0', '<1.0.0', false],
    ['1.0.0', '1.0.0', true],
    ['1.0.1', '=1.0.0', false],
    ['1.0.0', '^2.0.0 || ^1.0.0', true],
    ['3.0.0', '^2.0.0 || ^1.0.0', false],
    ['1.5.0', '1.2 - 2.3.4', true],
    ['2.3.5', '1.2 - 2.3.4', false],
    ['2.3.9', '1.2.3 - 2.3', true],
    ['2.4.0', '1.2.3 - 2.3', false],
  ])('%s in %j is %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('rejects invalid ranges and versions', () => {
    expect(() => satisfies('1.0.0', 'banana')).toThrow(TypeError);
    expect(() => satisfies('1.0', '^1.0.0')).toThrow(TypeError);
  });
});
