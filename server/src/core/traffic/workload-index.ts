/**
 * Services by namespace/name and workloads by namespace, built once per fact list (kept while
 * no Service, or no workload, changed): several rules look pods up per DestinationRule or
 * route, and a keystroke in a DestinationRule changes neither list.
 */
import { groupBy, perList } from '../fact-memo';
import type { FactEntry } from '../rule';
import type { ServiceFact, WorkloadFact } from '../mtls/k8s-facts';

/** Every Service of each `namespace/name`, in list order. */
export const servicesByName = perList((list: ReadonlyArray<FactEntry<ServiceFact>>) => groupBy(list, (s) => `${s.namespace}/${s.name}`));

/** The workloads of each namespace, in list order. */
export const workloadsByNamespace = perList((list: ReadonlyArray<FactEntry<WorkloadFact>>) => groupBy(list, (w) => w.namespace));
