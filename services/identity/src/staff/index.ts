// The staff feature's front door: what other features may use (eslint wushe/feature-front-door).
// Leaf files first, use cases last, so that features which need each other load without a
// cycle reaching a class before it is defined.
export * from './shared/calendar';
export * from './shared/row-lock';
export * from './staff.errors';
