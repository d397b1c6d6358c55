/**
 * Shared by the "selector matches no workload" rules (Gateway, Sidecar, AuthorizationPolicy):
 * evidence that the workspace holds the workloads a selector means, the label value that is
 * probably a typo, and the finding with its did-you-mean fix.
 */
import type { FactEntry, ReportInput } from '../rule';
import type { Span } from '../types';
import type { WorkloadFact } from '../mtls/k8s-facts';
import { formatLabels, type Labels } from '../mtls/fact-read';
import { replaceValue, type ValueAt } from '../mtls/yaml-edit';
import { didYouMean } from './hosts';

export interface SelectorTypo {
  at: ValueAt;
  key: string;
  guess: string;
}

/** A selector value one or two edits from the label of a workload that matches every other label: the likely typo (only when one key has one). */
export function selectorTypo(selector: Labels, values: Readonly<Record<string, ValueAt>>, workloads: ReadonlyArray<FactEntry<WorkloadFact>>): SelectorTypo | undefined {
  const found: SelectorTypo[] = [];
  for (const key of Object.keys(selector)) {
    const at = values[key];
    if (!at) continue;
    const others = workloads.filter((w) => Object.keys(selector).every((k) => k === key || w.value.labels[k] === selector[k]));
    const guess = didYouMean(selector[key], others.map((w) => w.value.labels[key]).filter((v): v is string => v !== undefined));
    if (guess) found.push({ at, key, guess });
  }
  return found.length === 1 ? found[0] : undefined;
}

/** Whether some workload carries every label key of the selector (with other values): the workspace holds what it means to pick. */
export const holdsCandidates = (selector: Labels, workloads: ReadonlyArray<FactEntry<WorkloadFact>>): boolean =>
  workloads.some((w) => Object.keys(selector).every((k) => k in w.value.labels));

/**
 * The finding for a selector that matches nothing: on the mistyped value with a fix to the close
 * one, else on the selector key (else the resource's name). Data: `labels`, `typo` (a did-you-mean hint or ''), and `extra`.
 */
export function noWorkloadReport(
  selector: Labels,
  values: Readonly<Record<string, ValueAt>>,
  candidates: ReadonlyArray<FactEntry<WorkloadFact>>,
  at: { selectorAt?: Span; anchor: Span },
  messageId: string,
  extra: Record<string, string> = {},
): ReportInput {
  const typo = selectorTypo(selector, values, candidates);
  return {
    ...(typo?.at ?? at.selectorAt ?? at.anchor),
    messageId,
    data: { labels: formatLabels(selector), typo: typo ? ` (did you mean ${typo.guess}?)` : '', ...extra },
    ...(typo ? { fixes: [{ title: `Change to "${typo.guess}"`, safe: false, edits: [replaceValue(typo.at, typo.guess)] }] } : {}),
  };
}
