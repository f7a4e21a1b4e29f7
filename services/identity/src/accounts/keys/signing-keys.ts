import { Inject, Injectable } from '@nestjs/common';
import { FieldCipher, LOGGER } from '@wushe/platform';
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, JWK, KeyLike } from 'jose';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { AuditLog } from '../../audit';
import { IdentityDb, IdentityTx } from '../../database/identity-db';
import type { SigningKey } from '../../generated/prisma';

export const SIGNING_ALG = 'ES256';
export type KeyStatus = 'next' | 'active' | 'retired';

/**
 * How long a retired key stays in the JWKS: the longest access-token lifetime the settings allow
 * (ACCESS_TOKEN_TTL_SECONDS ≤ 3600, whatever it is set to now) plus room for clock skew and for a
 * replica that has not yet noticed the rotation. After that no unexpired token can need it.
 */
export const RETIRED_KEY_PUBLISHED_MS = (3600 + 300) * 1000;
/** How long a replica keeps signing with the key it loaded before it checks which key is active. */
const SIGNER_CACHE_MS = 30_000;
/** How long the JWKS answer is reused (HTTP and NATS); this replica's rotations reset it at once. */
const JWKS_CACHE_MS = 5_000;

export interface Jwks {
  keys: JWK[];
}

export interface Signer {
  kid: string;
  key: KeyLike;
}

export interface RotationResult {
  activeKid: string;
  nextKid: string;
  retiredKid: string | null;
}

/**
 * ES256 signing keys. A key is born `next` (published, not signing), becomes `active` (signing) at
 * a rotation, then `retired` (published until tokens it signed have expired). Private keys are
 * stored as PKCS#8 PEM encrypted with the FieldCipher. Every change of key states happens under
 * one advisory lock, so replicas starting or rotating together cannot make two active keys.
 */
@Injectable()
export class SigningKeys {
  private signer?: Promise<Signer>;
  private signerLoadedAt = 0;
  private jwksCache?: { at: number; value: Promise<Jwks> };
  private lastGoodJwks?: Jwks;

  constructor(
    private readonly db: IdentityDb,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Start-up of an API process: one active and one next key exist afterwards. Idempotent. */
  async ensureKeys(): Promise<void> {
    const created = await this.db.$transaction(async (tx) => {
      await lockKeys(tx);
      const made: string[] = [];
      let active = await tx.signingKey.findFirst({ where: { status: 'active' } });
      let next = await tx.signingKey.findFirst({ where: { status: 'next' }, orderBy: { createdAt: 'asc' } });
      if (!active && next) {
        active = await this.activate(tx, next.kid);
        next = null;
      }
      if (!active) made.push((active = await this.createKey(tx, 'active')).kid);
      if (!next) made.push((await this.createKey(tx, 'next')).kid);
      return made;
    });
    if (created.length) {
      this.forget();
      this.logger.info({ kids: created }, 'Created token signing keys');
    }
  }

  /**
   * Rotation without downtime: the `next` key, already published, becomes active; the active one
   * is retired (still published); a new `next` key is published for the rotation after this one.
   * The caller's transaction also carries the audit and the outbox event.
   */
  async rotate(tx: IdentityTx, actorId: string | null): Promise<RotationResult> {
    await lockKeys(tx);
    const now = new Date();
    const current = await tx.signingKey.findFirst({ where: { status: 'active' } });
    const next =
      (await tx.signingKey.findFirst({ where: { status: 'next' }, orderBy: { createdAt: 'asc' } })) ??
      // No next key (should not happen): one that verifiers have not seen yet. They refetch the
      // JWKS when a token names an unknown kid, so this costs a fetch, not a failure.
      (await this.createKey(tx, 'next', actorId));
    if (current) {
      await tx.signingKey.update({
        where: { kid: current.kid },
        data: { status: 'retired', retiredAt: now },
      });
      await this.audit.record(
        { action: 'key.retired', actorId, targetType: 'signing-key', targetId: current.kid },
        tx,
      );
    }
    await this.activate(tx, next.kid, actorId);
    const successor = await this.createKey(tx, 'next', actorId);
    return { activeKid: next.kid, nextKid: successor.kid, retiredKid: current?.kid ?? null };
  }

  /** Call after the transaction of a rotation committed: this replica signs with the new key now. */
  forget(): void {
    this.signer = undefined;
    this.jwksCache = undefined;
  }

  /**
   * next + active + retired keys still inside the publication window. Public keys only. While the
   * database cannot be read, the last set read is answered: verifiers keep working through a blip.
   */
  jwks(): Promise<Jwks> {
    if (this.jwksCache && Date.now() - this.jwksCache.at < JWKS_CACHE_MS) return this.jwksCache.value;
    const value = this.loadJwks().then(
      (jwks) => (this.lastGoodJwks = jwks),
      (error: unknown) => {
        this.jwksCache = undefined;
        if (!this.lastGoodJwks) throw error;
        this.logger.warn({ err: error }, 'Could not read signing keys; answering the last JWKS read');
        return this.lastGoodJwks;
      },
    );
    this.jwksCache = { at: Date.now(), value };
    return value;
  }

  /** The active key, decrypted once and reused; reloaded every 30 s to follow other replicas' rotations. */
  currentSigner(): Promise<Signer> {
    if (!this.signer || Date.now() - this.signerLoadedAt > SIGNER_CACHE_MS) {
      this.signerLoadedAt = Date.now();
      this.signer = this.loadSigner();
      this.signer.catch(() => (this.signer = undefined));
    }
    return this.signer;
  }

  private async loadJwks(): Promise<Jwks> {
    const since = new Date(Date.now() - RETIRED_KEY_PUBLISHED_MS);
    const rows = await this.db.$transaction((tx) =>
      tx.signingKey.findMany({
        where: {
          OR: [{ status: { in: ['active', 'next'] } }, { status: 'retired', retiredAt: { gt: since } }],
        },
        select: { kid: true, status: true, publicJwk: true, createdAt: true },
      }),
    );
    const rank: Record<string, number> = { active: 0, next: 1, retired: 2 };
    rows.sort((a, b) => rank[a.status] - rank[b.status] || b.createdAt.getTime() - a.createdAt.getTime());
    return { keys: rows.map((r) => r.publicJwk as unknown as JWK) };
  }

  private async loadSigner(): Promise<Signer> {
    let row = await this.db.$transaction((tx) => tx.signingKey.findFirst({ where: { status: 'active' } }));
    if (!row) {
      await this.ensureKeys();
      row = await this.db.$transaction((tx) => tx.signingKey.findFirst({ where: { status: 'active' } }));
    }
    if (!row) throw new Error('No active signing key');
    const key = await importPKCS8(this.cipher.decrypt(row.privateKeyEncrypted), SIGNING_ALG);
    return { kid: row.kid, key };
  }

  private async createKey(tx: IdentityTx, status: 'active' | 'next', actorId: string | null = null) {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = randomBytes(16).toString('base64url');
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    const row = await tx.signingKey.create({
      data: {
        kid,
        alg: SIGNING_ALG,
        publicJwk,
        privateKeyEncrypted: this.cipher.encrypt(await exportPKCS8(privateKey)),
        status,
        activatedAt: status === 'active' ? new Date() : null,
      },
    });
    await this.audit.record(
      { action: 'key.created', actorId, targetType: 'signing-key', targetId: kid, details: { status } },
      tx,
    );
    if (status === 'active') {
      await this.audit.record(
        { action: 'key.activated', actorId, targetType: 'signing-key', targetId: kid },
        tx,
      );
    }
    return row;
  }

  private async activate(tx: IdentityTx, kid: string, actorId: string | null = null): Promise<SigningKey> {
    const row = await tx.signingKey.update({
      where: { kid },
      data: { status: 'active', activatedAt: new Date() },
    });
    await this.audit.record(
      { action: 'key.activated', actorId, targetType: 'signing-key', targetId: kid },
      tx,
    );
    return row;
  }
}

/** Serialises key changes across replicas (per schema, so parallel test runs do not wait on each other). */
async function lockKeys(tx: IdentityTx): Promise<void> {
  await tx.$executeRawUnsafe(
    "SELECT pg_advisory_xact_lock(hashtext('identity:signing-keys'), hashtext(current_schema()))",
  );
}
