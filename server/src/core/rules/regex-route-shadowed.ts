import type { DocRule } from '../rule';
import { ISTIO_NETWORKING } from '../kinds';
import { storefrontRouting } from '../regex/intent-rule-helpers';
import { httpRoutes, type HttpRoute } from '../regex/automata/route-matches';
import { shadowedRoutes } from '../regex/automata/shadow';

const label = (r: HttpRoute) => (r.name ? `http[${r.index}] "${r.name.length > 16 ? `${r.name.slice(0, 15)}…` : r.name}"` : `http[${r.index}]`);

const crawlerRoute = (name: string, regex: string, host: string) => [
  `  - name: ${name}`,
  '    match:',
  '    - headers:',
  '        user-agent:',
  `          regex: '${regex}'`,
  '    route:',
  '    - destination:',
  `        host: ${host}`,
];

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-route-shadowed',
    family: 'regex',
    severity: 'warning',
    kinds: ['VirtualService'],
    messages: {
      shadowed: 'Route {route} is never reached: every request it matches is taken first by {by}',
    },
    docs: {
      summary: 'An http route can never be reached because earlier routes of the same VirtualService match every request it would.',
      why:
        'Istio keeps the order of `http[]` and Envoy takes the first route that matches, so a route whose every match ' +
        'entry is covered by an earlier route never receives traffic. The check compares all conditions of each match ' +
        '(uri, headers, withoutHeaders, query parameters, method, authority, scheme) and decides regex inclusion exactly ' +
        'on automata: `.*Google.*` before `Googlebot.*` on the user agent sends every Googlebot request to the first ' +
        'route. Several earlier routes can cover a route together when they differ from it in one condition only: ' +
        '`prefix: /a` and `prefix: /b` before `regex: /(a|b)/.*`. Conditions it cannot compare (source labels, ' +
        'gateways, ports that differ), unions over two conditions at once, and decisions that run out of their work ' +
        'budget (counted in automaton states explored, not time, so the verdict never depends on machine load) give no finding. Put the more specific route first.',
      bad: storefrontRouting([
        ...crawlerRoute('google', '.*Google.*', 'storefront-prerender'),
        ...crawlerRoute('googlebot', 'Googlebot.*', 'storefront-bot'),
      ]),
      good: storefrontRouting([
        ...crawlerRoute('googlebot', 'Googlebot.*', 'storefront-bot'),
        ...crawlerRoute('google', '.*Google.*', 'storefront-prerender'),
      ]),
      link: 'https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute',
    },
    fix: 'none',
  },
  check(doc, ctx) {
    if (doc.group !== ISTIO_NETWORKING) return;
    const routes = httpRoutes(doc);
    if (routes.length < 2) return;
    const { shadowed } = shadowedRoutes(routes);
    for (const s of shadowed) {
      // At most two names, so the message stays short; the rest are counted.
      const by = s.by.length === 1 ? label(s.by[0]) : s.by.length === 2 ? `${label(s.by[0])} and ${label(s.by[1])}` : `${label(s.by[0])} and ${s.by.length - 1} more routes`;
      ctx.report({ start: s.route.anchor.start, end: s.route.anchor.end, messageId: 'shadowed', data: { route: label(s.route), by } });
    }
  },
};
