// The service's in-process surface for harnesses that boot it inside their own process (bench/).
// Another service never imports this: lint forbids type:service → type:service, so a service
// learns about cases only from its events.
export { CasesModule } from './cases.module';
export { casesEnvSchema } from './settings/cases-settings';
export { RegistrationWriter } from './recipients/registration-writer';
