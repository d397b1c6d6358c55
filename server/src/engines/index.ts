/**
 * The real regex engines, injected into the core by the LSP server, the CLI and tests:
 * C++ RE2 (what Envoy runs, WebAssembly) and Go regexp (what Istio's webhook runs).
 * Both load lazily on first use and cache verdicts by pattern.
 */
import type { Services } from '../core/services';
import { Re2Engine } from './re2';
import { GoRegexpEngine } from './go-regexp';
import type { Re2ModuleFactory } from './re2-loader';
import { Re2SizeEngine } from './re2-size';

export { re2FactoryFrom, defaultFactory, type Re2ModuleFactory } from './re2-loader';
export { Re2Engine, type Re2EngineOptions, type Re2Stats } from './re2';
export { GoRegexpEngine } from './go-regexp';
export { Re2SizeEngine, RE2_SIZE_RELEASE } from './re2-size';
export { ISTIO_GO_VERSION } from './go-syntax';

export interface EngineOptions {
  /** Verdicts cached per engine (bounded LRU); default 20,000 patterns. */
  cacheSize?: number;
  /** Where the RE2 engine gets its WebAssembly module (default: beside the bundle, else node_modules). */
  re2Factory?: Re2ModuleFactory;
}

export function createEngines(options: EngineOptions = {}): Services {
  return {
    re2: new Re2Engine({ cacheSize: options.cacheSize, factory: options.re2Factory }),
    go: new GoRegexpEngine({ cacheSize: options.cacheSize }),
    programSize: new Re2SizeEngine(),
  };
}
