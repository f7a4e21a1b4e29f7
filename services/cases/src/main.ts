// API entry point: HTTP, outbox relay and event consumers.
import { launch } from '@wushe/telemetry';
import { casesEnvSchema } from './settings/cases-settings';

launch('cases', 'api', () => require('./process'), casesEnvSchema); // process loaded after telemetry starts
