import { parseSqlUri } from '../src/connection/uri';

describe('parseSqlUri', () => {
  it.each([
    ['sqlite:///data/zaqar.db', '/srv/zaqar/data/zaqar.db'],
    ['sqlite:///zaqar.db?timeout=5', '/srv/zaqar/zaqar.db'],
    ['sqlite:////var/lib/zaqar/zaqar.db', '/var/lib/zaqar/zaqar.db'],
    ['sqlite+pysqlite:////var/lib/z.db', '/var/lib/z.db'],
  ])('resolves %s to the file %s', (uri, filename) => {
    expect(parseSqlUri(uri, '/srv/zaqar')).toEqual({ dialect: 'sqlite', filename, memory: false });
  });

  it.each(['sqlite:///:memory:', 'sqlite://', 'sqlite:///', 'SQLite:///:memory:'])('treats %s as in-memory', (uri) => {
    expect(parseSqlUri(uri, '/srv')).toEqual({ dialect: 'sqlite', filename: ':memory:', memory: true });
  });

  it('recognises server dialects and keeps their driver suffix', () => {
    expect(parseSqlUri('mysql+pymysql://zaqar:secret@db/zaqar')).toEqual({ dialect: 'mysql', driver: 'pymysql', url: 'mysql://zaqar:secret@db/zaqar' });
    expect(parseSqlUri('postgresql://zaqar@db:5432/zaqar')).toMatchObject({ dialect: 'postgresql', driver: undefined });
    expect(parseSqlUri('postgresql+psycopg2://db/zaqar')).toMatchObject({ dialect: 'postgresql', driver: 'psycopg2' });
    expect(parseSqlUri('mariadb://db/zaqar')).toMatchObject({ dialect: 'mysql' });
  });

  it.each(['redis://localhost:6379', 'not a uri', 'sqlite://host/zaqar.db', 'mongodb://u:secret@h/db'])('rejects %s without echoing it', (uri) => {
    expect(() => parseSqlUri(uri)).toThrow(Error);
    try {
      parseSqlUri(uri);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
