/** Help texts, per command. */
import { CONFIG_FILE_NAME } from '../core';
import { TOOL_NAME, TOOL_VERSION, REPO_URL } from './meta';

const GENERAL = `${TOOL_NAME} ${TOOL_VERSION}: catches Istio misconfigurations (RE2 regex pitfalls, mTLS rollouts)

Usage:
  ${TOOL_NAME} lint [options] [PATH...]   analyse files, directories (recursively, *.yaml/*.yml) or - (stdin)
  ${TOOL_NAME} rules [--format json]      list the rules
  ${TOOL_NAME} explain RULE-ID            show what a rule catches, why, and how to fix it
  ${TOOL_NAME} --help | --version

Run "${TOOL_NAME} lint --help" for the lint options.
Docs: ${REPO_URL}
`;

const LINT = `Usage: ${TOOL_NAME} lint [options] [PATH...]

Analyses every file given as one workspace, so cross-file checks (a DestinationRule in one
file, the PeerAuthentication it conflicts with in another) work. PATH is a file, a directory
(searched recursively for .yaml/.yml files, minus the config's exclude globs) or - for
standard input. Default: the current directory.

Options:
  -f, --format FORMAT     text (default), json or sarif (GitHub code scanning)
      --fix               apply safe fixes in place, then report what remains
      --diff              print the fixes as a unified diff instead (writes nothing; exit 1
                          when something would change, 0 when nothing would)
      --unsafe-fixes      with --fix or --diff, also apply fixes that change behaviour
                          (review them: they change what a regex matches or a TLS mode)
  -c, --config FILE       use FILE instead of the nearest ${CONFIG_FILE_NAME} (searched from
                          the current directory upwards)
      --root-namespace NS Istio's root namespace (meshConfig.rootNamespace; default istio-system)
      --istio-version V   Istio version the manifests target (e.g. 1.22); version-dependent fixes are safe only with it
      --max-warnings N    exit 1 when there are more than N warnings
  -q, --quiet             report errors only
      --exit-zero         exit 0 even when errors are found (usage and I/O errors still exit 2)
      --stdin-filename F  name to show for standard input
      --color, --no-color force colours on or off (default: on for a terminal; NO_COLOR and
                          FORCE_COLOR are honoured)

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage, config or I/O error.
Files that are binary, not UTF-8 or larger than maxFileSize are skipped with a note.
`;

const RULES = `Usage: ${TOOL_NAME} rules [--format text|json]

Lists every rule: id, default severity, family, fix availability and a summary.
`;

const EXPLAIN = `Usage: ${TOOL_NAME} explain RULE-ID

Shows a rule's documentation: what it catches, why it matters, a flagged and a corrected
example, how to disable it, and a link to the Istio reference.
`;

export function helpText(topic?: string): string | undefined {
  switch (topic) {
    case undefined:
    case 'help':
      return GENERAL;
    case 'lint':
      return LINT;
    case 'rules':
      return RULES;
    case 'explain':
      return EXPLAIN;
    default:
      return undefined;
  }
}
