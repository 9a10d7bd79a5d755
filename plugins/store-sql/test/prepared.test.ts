import { Kysely, SqliteDialect } from 'kysely';
import Database from 'better-sqlite3';
import { idNames, idValues, literalLimit, memo, prepare } from '../src/util/prepared';

interface DB {
  t: { a: string; b: number; c: string | null };
}

describe('prepare', () => {
  const raw = new Database(':memory:');
  raw.exec('create table t (a text, b integer, c text)');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  afterAll(() => db.destroy());

  it('binds named values, repeated names and build-time constants into the compiled slots', async () => {
    const insert = prepare<{ a: string; b: number }, never>((p) => db.insertInto('t').values({ a: p.a, b: p.b, c: 'const' }));
    await insert.execute(db, { a: 'x', b: 1 });
    await insert.execute(db, { a: 'y', b: 2 });
    const select = prepare<{ b: number; limit: number }, { a: string }>((p) =>
      db
        .selectFrom('t')
        .select('a')
        .where('b', '>=', p.b)
        .where((eb) => eb.or([eb('b', '=', p.b), eb('c', '=', 'const')]))
        .orderBy('b')
        .limit(p.limit),
    );
    expect(await select.rows(db, { b: 1, limit: 1 })).toEqual([{ a: 'x' }]);
    expect(await select.rows(db, { b: 2, limit: 5 })).toEqual([{ a: 'y' }]);
    const update = prepare<{ a: string }, never>((p) => db.updateTable('t').set({ c: null }).where('a', '=', p.a));
    expect(await update.affected(db, { a: 'y' })).toBe(1);
  });

  it('expands id lists', async () => {
    const byIds = prepare<Record<string, string>, { a: string }>((p) =>
      db
        .selectFrom('t')
        .select('a')
        .where(
          'a',
          'in',
          idNames(2).map((n) => p[n]),
        )
        .orderBy('a'),
    );
    expect(await byIds.rows(db, idValues(['y', 'x']))).toEqual([{ a: 'x' }, { a: 'y' }]);
  });

  it('writes a literal LIMIT into the SQL, one compiled query per limit, and refuses anything but a count', async () => {
    const firstOf = memo((limit: number) =>
      prepare<{ b: number }, { a: string }>((p) => db.selectFrom('t').select('a').where('b', '>=', p.b).orderBy('a').limit(literalLimit(limit))),
    );
    expect(firstOf(1).bind({ b: 0 }).sql).toMatch(/ limit 1$/);
    expect(firstOf(1)).toBe(firstOf(1));
    expect(await firstOf(1).rows(db, { b: 0 })).toEqual([{ a: 'x' }]);
    expect(await firstOf(5).rows(db, { b: 0 })).toEqual([{ a: 'x' }, { a: 'y' }]);
    for (const bad of [1.5, -1, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) expect(() => literalLimit(bad)).toThrow(RangeError);
  });
});
