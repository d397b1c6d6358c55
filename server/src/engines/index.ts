/**
 * The real regex engines, injected into the core by the LSP server, the CLI and tests.
 * PLACEHOLDER until the regex-engine work lands: judges nothing.
 */
import { NO_SERVICES, type Services } from '../core/services';

export function createEngines(): Services {
  return NO_SERVICES;
}
