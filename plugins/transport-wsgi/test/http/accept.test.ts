import { acceptsJson } from '../../src/http/accept';

describe('acceptsJson', () => {
  it.each([
    undefined,
    '',
    'application/json',
    '*/*',
    'application/*',
    'text/html, application/json;q=0.2',
    'APPLICATION/JSON',
    'application/json; charset=utf-8',
  ])('accepts %j', (accept) => expect(acceptsJson(accept)).toBe(true));

  it.each(['text/html', 'application/xml', 'application/json;q=0', 'application/json;q=0, */*', 'text/*'])('refuses %j', (accept) => {
    expect(acceptsJson(accept)).toBe(false);
  });

  it('lets the most specific range decide', () => {
    expect(acceptsJson('*/*;q=0, application/json')).toBe(true);
    expect(acceptsJson('application/*;q=0, */*')).toBe(false);
  });
});
