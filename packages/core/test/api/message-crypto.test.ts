import { MessageCrypto } from '../../src/api/message-crypto';

/** Ciphertexts produced by the reference's AES256Encryptor with key material `my-secret-key`. */
const REFERENCE = {
  pickledDict:
    'rZln1AbD1IXtiNPrqB3w/PpKOJwNBlOan8CIdwwSP2zv8qlySjdZz8wOVZNekbZWfJfoHb67g6WiCoKshELeHsmYurUwEx7e3mvNvNYEodH08kCaey/K2yc2XP/WBBcMECNjhh2JCyMxLVieWwHHRg==',
  string: 'DUh2cl8hDIIo648BNSIFc2cM9gm3oJ1aI73ix5yM9o8=',
  pickledList: 'c5e6yqJg1PgTTaMb2bW+a4IiVglyTiQGkYTPTOHzUEiaXxNp2gAS2Z8s+0OtS46I',
  pickledInt: 'Pnp3nQNX7XQrHLjZx/RMNTUafD927jfp6Qg6MdiIJdMAIYv99nF6XGDNFLedqONj',
};

describe('MessageCrypto', () => {
  const crypto = new MessageCrypto('my-secret-key');

  it.each([['text é😀'], [{ a: [1, 2.5, true, null], nested: { k: 'v' } }], [[1, 'two']], [42], [null], [false], ['']])('round-trips %j', (body) => {
    const stored = crypto.encrypt(body);
    expect(typeof stored).toBe('string');
    expect(stored).not.toContain('text');
    expect(crypto.decrypt(stored)).toEqual({ ok: true, body });
  });

  it('uses a random IV: the same body encrypts differently each time', () => {
    expect(crypto.encrypt('same')).not.toBe(crypto.encrypt('same'));
  });

  it('decrypts what the reference encrypted, pickled bodies included', () => {
    expect(crypto.decrypt(REFERENCE.string)).toEqual({ ok: true, body: 'plain text é' });
    expect(crypto.decrypt(REFERENCE.pickledDict).body).toEqual({ a: [1, 2.5, true, null], s: 'é😀', big: 2 ** 40, neg: -7, t: [1, 2] });
    expect(crypto.decrypt(REFERENCE.pickledList).body).toEqual([1, { k: 'v' }]);
    expect(crypto.decrypt(REFERENCE.pickledInt).body).toBe(12345678901234);
  });

  it('encrypts string bodies exactly like the reference (UTF-8 bytes), so the reference can read them', () => {
    const other = new MessageCrypto('my-secret-key');
    expect(other.decrypt(crypto.encrypt('plain text é')).body).toBe('plain text é');
  });

  it('leaves bodies that are not its ciphertext unchanged and says so', () => {
    for (const stored of ['not base64!', { a: 1 }, 'QUJD', REFERENCE.string.slice(0, 24)]) expect(crypto.decrypt(stored)).toEqual({ ok: false, body: stored });
    expect(new MessageCrypto('another key').decrypt(REFERENCE.pickledDict).ok).toBe(false);
  });
});
