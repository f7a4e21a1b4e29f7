import { CommonErrors } from '../errors/domain-error';
import { Principal, Role } from '../auth/principal';

/** Division-code lengths by level: province, city, county, township, village. */
const LEVEL_LENGTHS = [2, 4, 6, 9, 12];

/**
 * The set of region-code prefixes a query may touch. It can only be made from a verified
 * Principal or, for trusted internal work such as event consumers, by naming the reason, so a
 * repository that takes a RegionScope cannot be called without deciding whose data it is.
 */
export class RegionScope {
  // Private members make the class nominal: no object literal can pass for a RegionScope.
  private constructor(
    readonly prefixes: readonly string[] | 'all',
    private readonly origin: string,
    /** Exact codes also matched: the ancestors of the prefixes, when asked for. */
    readonly ancestors: readonly string[] = [],
  ) {}

  /** Why this scope exists (whose request, or which background job), for audit records. */
  get reason(): string {
    return this.origin;
  }

  /** The regions where the principal holds one of `roles` (any region-scoped role if omitted). */
  static of(principal: Principal, roles?: readonly Role[]): RegionScope {
    const prefixes = principal.grants
      .filter((g): g is Extract<typeof g, { region: string }> => 'region' in g)
      .filter((g) => !roles || roles.includes(g.role))
      .map((g) => g.region);
    // A prefix already covered by a shorter one adds nothing to the SQL.
    const minimal = prefixes.filter((p) => !prefixes.some((q) => q !== p && p.startsWith(q)));
    return new RegionScope([...new Set(minimal)].sort(), `principal:${principal.subject}`);
  }

  /** Everything: only for the service's own background work, never for a caller's request. */
  static system(reason: string): RegionScope {
    return new RegionScope('all', `system:${reason}`);
  }

  covers(code: string): boolean {
    return (
      this.prefixes === 'all' ||
      this.prefixes.some((p) => code.startsWith(p)) ||
      this.ancestors.includes(code)
    );
  }

  /**
   * Also matches rows filed at an ancestor of one's regions — things addressed to everyone below,
   * like a county-wide training a township's staff attend. For reading only: writing stays
   * confined to the prefixes.
   */
  includingAncestors(): RegionScope {
    if (this.prefixes === 'all') return this;
    const ancestors = new Set<string>();
    for (const prefix of this.prefixes) {
      for (const length of LEVEL_LENGTHS) if (length < prefix.length) ancestors.add(prefix.slice(0, length));
    }
    return new RegionScope(this.prefixes, this.origin, [...ancestors].sort());
  }

  /** Throws OUT_OF_SCOPE unless the code is inside the scope. */
  assertCovers(code: string): void {
    if (!this.covers(code)) throw CommonErrors.OUT_OF_SCOPE({ regionCode: code });
  }

  /**
   * Throws OUT_OF_SCOPE unless a row filed at `code` may be written in this scope: under one of its
   * prefixes. The ancestors a reading scope includes are not writable.
   */
  assertMayWrite(code: string): void {
    if (this.prefixes === 'all' || this.prefixes.some((p) => code.startsWith(p))) return;
    throw CommonErrors.OUT_OF_SCOPE({ regionCode: code });
  }

  /** LIKE patterns for raw SQL (`col LIKE ANY($1)`); 'all' means no condition is needed. */
  likePatterns(): string[] | 'all' {
    return this.prefixes === 'all' ? 'all' : [...this.prefixes.map((p) => `${p}%`), ...this.ancestors];
  }

  /** A Prisma `where` fragment confining `field` to the scope; an empty scope matches nothing. */
  where<F extends string>(field: F): Record<string, unknown> {
    if (this.prefixes === 'all') return {};
    if (this.prefixes.length === 0) return { [field]: { in: [] } };
    const byPrefix = this.prefixes.map((p) => ({ [field]: { startsWith: p } }));
    return { OR: this.ancestors.length ? [...byPrefix, { [field]: { in: [...this.ancestors] } }] : byPrefix };
  }
}
