import type { DocRule } from '../rule';
import type { ProgramSizeService } from '../services';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { sourceRange } from '../regex/match-edits';
import { STRING_MATCH_LINK, apiRouting } from '../regex/intent-rule-helpers';
import { quote, regexSites } from '../regex/compile-rules';
import { ENVOY_MAX_PROGRAM_SIZE, costliestConstruct, measureFits } from '../regex/program-size';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-program-too-large',
    family: 'regex',
    severity: 'error',
    kinds: STRING_MATCH_KINDS,
    messages: {
      size: "Istio accepts it, Envoy rejects the route: RE2 program size {size} > {limit}. {construct} costs most; try {rewrite}",
      sizeGateway: 'Istio does not check it, Envoy rejects the route: RE2 program size {size} > {limit}. {construct} costs most; try {rewrite}',
      memory: 'Istio accepts it, Envoy rejects the route: RE2 runs out of memory compiling it. {construct} costs most; try {rewrite}',
      memoryGateway: 'Istio does not check it, Envoy rejects the route: RE2 runs out of memory compiling it. {construct} costs most; try {rewrite}',
    },
    docs: {
      summary: "The regex compiles to an RE2 program larger than Envoy accepts, so Envoy rejects the route.",
      why:
        'Envoy compiles every route regex with RE2 and rejects it when the compiled program has more instructions than the ' +
        'runtime key `re2.max_program_size.error_level` allows; Istio sets it to 32768 (`pkg/bootstrap/config.go`). The ' +
        'route configuration is then NACKed: the listener keeps stale routes or returns 404. Istio\'s webhook cannot measure ' +
        'programs (it only limits regexes to 1024 characters), and Gateway API regexes are not checked by Istio at all, so ' +
        'short patterns reach Envoy: Unicode classes compile to dozens of UTF-8 byte-range instructions, and a counted ' +
        'repetition copies its atom, so `\\pL{28}` is already 33,492 instructions. Very large programs make RE2 run out of its ' +
        '8 MiB compile budget ("pattern too large - compile failed"), with the same outcome. The sizes come from RE2 ' +
        '2024-07-02, the release Envoy ships. Use an ASCII class (`[A-Za-z]`), `[^/]`, a smaller count or `+`.',
      bad: apiRouting("regex: '/users/\\pL{28}'"),
      good: apiRouting("regex: '/users/[A-Za-z]{28}'"),
      link: STRING_MATCH_LINK,
    },
    fix: 'none',
  },
  check(doc, ctx) {
    const service: ProgramSizeService | undefined = ctx.services.programSize;
    if (!service) return;
    for (const site of regexSites(doc)) {
      if (!site.checkedBy.re2 || site.value === '') continue;
      const result = service.measure(site.value);
      const memory = !result.ok && result.code === 15;
      if (result.ok ? result.size <= ENVOY_MAX_PROGRAM_SIZE : !memory) continue;
      // Syntax errors are regex-syntax-error's: one finding per mistake.
      if (!ctx.services.re2.check(site.value).ok) continue;
      const costly = costliestConstruct(site.value, service);
      const rewrite = costly && measureFits(site.value, costly, service);
      const at = costly ? sourceRange(site, costly.start, costly.end) : { start: site.valueSpan.start, end: site.valueSpan.end };
      const messageId = memory ? (site.gatewayApi ? 'memoryGateway' : 'memory') : site.gatewayApi ? 'sizeGateway' : 'size';
      ctx.report({
        start: at.start,
        end: Math.max(at.end, at.start + 1),
        messageId,
        data: {
          size: result.ok ? result.size : 0,
          limit: ENVOY_MAX_PROGRAM_SIZE,
          // Quoted short enough that the longest template stays within 160 characters.
          construct: costly ? quote(costly.text, 24) : 'the whole pattern',
          rewrite: rewrite ? quote(rewrite, 32) : 'several smaller matches',
        },
      });
    }
  },
};
