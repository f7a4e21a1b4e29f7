import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher';

const key = () => randomBytes(32).toString('base64');

describe('FieldCipher', () => {
  const k1 = key();
  const k2 = key();
  const hmacKey = key();

  it('round-trips, never stores the plaintext and never repeats a ciphertext', () => {
    const cipher = new FieldCipher({ encryptionKeys: `k1:${k1}`, hmacKey });
    const a = cipher.encrypt('11010519491231002X');
    const b = cipher.encrypt('11010519491231002X');
    expect(a).not.toContain('11010519491231002X');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe('11010519491231002X');
    expect(a.startsWith('v1.k1.')).toBe(true);
  });

  it('decrypts values written under an older key after rotation and flags them', () => {
    const before = new FieldCipher({ encryptionKeys: `k1:${k1}`, hmacKey }).encrypt('13812345678');
    const after = new FieldCipher({ encryptionKeys: `k2:${k2},k1:${k1}`, hmacKey });
    expect(after.decrypt(before)).toBe('13812345678');
    expect(after.needsRotation(before)).toBe(true);
    expect(after.needsRotation(after.encrypt('x'))).toBe(false);
  });

  it('rejects tampered values and unknown keys', () => {
    const cipher = new FieldCipher({ encryptionKeys: `k1:${k1}`, hmacKey });
    const stored = cipher.encrypt('某村某组');
    const parts = stored.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
    expect(() => new FieldCipher({ encryptionKeys: `k9:${k2}`, hmacKey }).decrypt(stored)).toThrow(/k1/);
  });

  it('gives stable keyed hashes that differ with the key', () => {
    const a = new FieldCipher({ encryptionKeys: `k1:${k1}`, hmacKey });
    const b = new FieldCipher({ encryptionKeys: `k1:${k1}`, hmacKey: key() });
    expect(a.lookupHash('13812345678')).toBe(a.lookupHash('13812345678'));
    expect(a.lookupHash('13812345678')).not.toBe(b.lookupHash('13812345678'));
  });

  it('refuses bad key material', () => {
    expect(() => new FieldCipher({ encryptionKeys: '', hmacKey })).toThrow();
    expect(
      () => new FieldCipher({ encryptionKeys: `k1:${randomBytes(16).toString('base64')}`, hmacKey }),
    ).toThrow();
    expect(() => new FieldCipher({ encryptionKeys: `k1:${k1}`, hmacKey: 'short' })).toThrow();
  });
});
