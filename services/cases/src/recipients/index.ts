// The recipients feature's front door: what other features may use (eslint wushe/feature-front-door).
// Leaf files first, use cases last, so that features which need each other load without a
// cycle reaching a class before it is defined.
export * from './advance-status';
export * from './caseload';
export * from './category-rules';
export * from './recipient-access';
export * from './recipient.errors';
export * from './recipient.repository';
export * from './recipient.schemas';
export * from './unique-violation';
export * from './register-recipient/register-recipient.use-case';
