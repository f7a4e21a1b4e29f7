import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface FieldCipherKeys {
  /** `kid:base64key,kid2:base64key2`: the first encrypts; all decrypt (rotation). 32-byte keys. */
  encryptionKeys: string;
  /** base64, at least 32 bytes: keyed hash for exact-match lookups (ID numbers, phones). */
  hmacKey: string;
}

const VERSION = 'v1';

/**
 * Field-level encryption for personal data (AES-256-GCM, random 96-bit IV, key id stored with the
 * value so keys can rotate), and keyed hashes so a value can be found without being readable.
 * Stored form: `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly activeKid: string;
  private readonly hmacKey: Buffer;

  constructor(config: FieldCipherKeys) {
    const entries = config.encryptionKeys
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (entries.length === 0) throw new Error('ENCRYPTION_KEYS is empty');
    for (const entry of entries) {
      const [kid, b64] = entry.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(kid ?? '') || key.length !== 32) {
        throw new Error('ENCRYPTION_KEYS entries must be <kid>:<base64 of 32 bytes>');
      }
      this.keys.set(kid, key);
    }
    this.activeKid = entries[0].split(':')[0];
    this.hmacKey = Buffer.from(config.hmacKey, 'base64');
    if (this.hmacKey.length < 32) throw new Error('HMAC_KEY must be base64 of at least 32 bytes');
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKid) as Buffer, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'));
    return [VERSION, this.activeKid, ...parts].join('.');
  }

  decrypt(stored: string): string {
    const [version, kid, iv, tag, data] = stored.split('.');
    const key = this.keys.get(kid ?? '');
    if (version !== VERSION || !key || !iv || !tag || data === undefined) {
      throw new Error(`Cannot decrypt: unknown format or key id "${kid}"`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** True when the value was encrypted with a key other than the active one (re-encrypt it). */
  needsRotation(stored: string): boolean {
    return stored.split('.')[1] !== this.activeKid;
  }

  /** Keyed hash for lookups; normalise the value first (e.g. upper-case X, digits only). */
  lookupHash(value: string): string {
    return createHmac('sha256', this.hmacKey).update(value, 'utf8').digest('hex');
  }
}
