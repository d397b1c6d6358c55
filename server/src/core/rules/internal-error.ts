import type { DocRule } from '../rule';

/**
 * Not a check: the finding the engine reports when a rule throws, so one broken rule
 * shows up where it failed instead of silencing the others.
 */
export const INTERNAL_ERROR: DocRule = {
  scope: 'document',
  meta: {
    id: 'internal-error',
    family: 'core',
    severity: 'warning',
    kinds: ['__never__'],
    messages: {
      crashed: 'Rule "{rule}" crashed here ({error}); the other rules still ran. Please report it',
    },
    details: {
      crashed: 'Istio Tips rule "{rule}" failed on this document ({error}); its check was skipped, the other rules still ran. Please report this with the document.',
    },
    docs: {
      summary: 'A rule failed on this document; the other rules still ran.',
      why:
        'Istio Tips runs every rule in isolation. When one throws on unexpected input, you get this finding on the document ' +
        'instead of a silent gap or a crashed language server. It is a bug in Istio Tips, not in your manifest: please report it ' +
        'with the document that triggers it.',
      bad: '',
      good: '',
      link: 'https://istio.io/latest/docs/reference/config/',
    },
    fix: 'none',
  },
  check() {
    // Reported by the engine itself.
  },
};
