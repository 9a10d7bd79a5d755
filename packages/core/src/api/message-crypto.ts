import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readPickle } from './pickle-reader';
import { parseExactJson, stringifyExactJson } from '../util/exact-json';

/**
 * At-rest encryption of message bodies for queues with
 * `_enable_encrypt_messages`.
 *
 * Stored body = base64(IV ‖ AES-256-CBC(PKCS#7, key = SHA-256(message_encryption_key))).
 * Plaintext format:
 * - a string body: its UTF-8 bytes (byte-compatible with the reference);
 * - any other body: the byte 0xFE followed by the UTF-8 JSON text. 0xFE never
 *   occurs in UTF-8, so it cannot be mistaken for a string body;
 * - reading only: a plaintext starting with 0x80 is a Python pickle written by
 *   the reference, decoded by the small reader in pickle-reader.ts.
 */

const JSON_MARKER = 0xfe;
const PICKLE_PROTOCOL = 0x80;
const IV_BYTES = 16;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Result of decrypting one stored body. */
export interface Decrypted {
  /** False when the stored body was not readable ciphertext; `body` is then the stored value. */
  ok: boolean;
  body: unknown;
}

/** Encrypts and decrypts message bodies with one configured key. */
export class MessageCrypto {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    this.key = createHash('sha256').update(keyMaterial, 'utf8').digest();
  }

  /** The stored (base64 ciphertext) form of a body. */
  encrypt(body: unknown): string {
    const plaintext =
      typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.concat([Buffer.from([JSON_MARKER]), Buffer.from(stringifyExactJson(body ?? null), 'utf8')]);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-cbc', this.key, iv);
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final()]).toString('base64');
  }

  /** The original body of a stored one; `ok: false` (body unchanged) when it cannot be decrypted. */
  decrypt(stored: unknown): Decrypted {
    if (typeof stored !== 'string' || !BASE64.test(stored)) return { ok: false, body: stored };
    const data = Buffer.from(stored, 'base64');
    if (data.length < 2 * IV_BYTES || data.length % IV_BYTES !== 0) return { ok: false, body: stored };
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, data.subarray(0, IV_BYTES));
      const plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES)), decipher.final()]);
      return { ok: true, body: decodePlaintext(plaintext) };
    } catch {
      return { ok: false, body: stored };
    }
  }
}

function decodePlaintext(plaintext: Buffer): unknown {
  if (plaintext[0] === JSON_MARKER) return parseExactJson(plaintext.subarray(1).toString('utf8'));
  if (plaintext[0] === PICKLE_PROTOCOL) return readPickle(plaintext);
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(plaintext);
}
