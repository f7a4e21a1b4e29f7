// The accounts feature's front door: what other features may use (eslint wushe/feature-front-door).
// Leaf files first, use cases last, so that features which need each other load without a
// cycle reaching a class before it is defined.
export * from './registry/account-registry';
export * from './registry/account.presenter';
