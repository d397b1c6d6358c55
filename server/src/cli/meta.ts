/** Identity of the tool as the CLI, SARIF and the generated docs present it. */
import pkg from '../../../package.json';

export const TOOL_NAME = 'istio-tips';
export const TOOL_VERSION: string = pkg.version;
export const REPO_URL = 'https://github.com/istio-tips/istio-tips';

/** Where the generated page of a rule lives (same URL the language server links to). */
export function ruleDocUrl(id: string): string {
  return `${REPO_URL}/blob/main/docs/rules/${id}.md`;
}
