/** Identity of the tool as the CLI, SARIF and the generated docs present it. */
import pkg from '../../../package.json';

export const TOOL_NAME = 'istio-tips';
export const TOOL_VERSION: string = pkg.version;
export const REPO_URL = 'https://github.com/istio-tips/istio-tips';
