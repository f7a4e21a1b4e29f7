// The service's in-process surface for harnesses that boot it inside their own process (bench/).
// Another service never imports this: lint forbids type:service → type:service, so a service
// learns about identity only from its events and its request/reply subjects.
export { IdentityModule } from './identity.module';
export { identityEnvSchema } from './settings/identity-settings';
export { IdentityDb } from './database/identity-db';
export { ARGON2_PARAMS } from './accounts/passwords/password-hasher';
export { AccountRegistry } from './accounts/registry/account-registry';
export { ImportRegions, type RegionImportResult } from './regions/import/import-regions.use-case';
export { RegionImportRepository } from './regions/import/region-import.repository';
export { readPackageProvinces, type RegionImportSet } from './regions/import/region-source';
