/**
 * Loads re2-wasm's emscripten glue with its .wasm, wherever they are: beside the bundle
 * (dist/re2.wasm, copied by the build) or in node_modules (tests, the CLI from npm).
 * With the glue's source at hand every instance is a fresh evaluation of it, so an
 * instance that aborted can be replaced; otherwise the bundled glue is used once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface WrappedRE2 {
  ok(): boolean;
  error(): string;
  match(input: string, start: number, getCapturingGroups: boolean): { match: string; index: number };
  delete(): void;
}

export interface Re2Module {
  WrappedRE2: new (pattern: string, ignoreCase: boolean, multiline: boolean, dotAll: boolean) => WrappedRE2;
}

/** Makes module instances. `canReload`: each `create()` returns a fresh, independent instance. */
export interface Re2ModuleFactory {
  readonly canReload: boolean;
  readonly description: string;
  create(): Re2Module;
}

/** The slice of the WebAssembly API used here (not in the ES2022 lib typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

function firstExisting(paths: ReadonlyArray<string | undefined>): string | undefined {
  return paths.find((p): p is string => p !== undefined && existsSync(p));
}

function packageDir(): string | undefined {
  try {
    return join(dirname(require.resolve('re2-wasm/package.json')), 'build', 'wasm');
  } catch {
    return undefined;
  }
}

/**
 * A factory whose every instance is a fresh evaluation of the glue at `gluePath`, running the
 * .wasm at `wasmPath` (compiled once, here).
 */
function reloadableFactory(wasmPath: string, gluePath: string): Re2ModuleFactory {
  const source = readFileSync(gluePath, 'utf8');
  const compiled = new wasmApi.Module(readFileSync(wasmPath));
  // The glue is a CommonJS script that picks up a predefined `Module` object: evaluating
  // it again yields an independent instance with its own memory.
  const evaluate = new Function('Module', 'module', 'exports', 'require', '__dirname', '__filename', source) as (...args: unknown[]) => void;
  return {
    canReload: true,
    description: `re2-wasm (${wasmPath})`,
    create() {
      const settings = {
        print: () => undefined,
        printErr: () => undefined,
        instantiateWasm(imports: object, receive: (instance: object, module: object) => void) {
          const instance = new wasmApi.Instance(compiled, imports);
          receive(instance, compiled);
          return instance.exports;
        },
      };
      const mod = { exports: {} };
      evaluate(settings, mod, mod.exports, require, dirname(gluePath), gluePath);
      return settings as unknown as Re2Module;
    },
  };
}

/**
 * The glue and .wasm in `dir`: a build output (re2.wasm + re2-glue.js, as `npm run build`
 * writes dist/) or re2-wasm's own folder (re2.wasm + re2.js). Throws when either is missing.
 */
export function re2FactoryFrom(dir: string): Re2ModuleFactory {
  const wasmPath = join(dir, 're2.wasm');
  const gluePath = firstExisting([join(dir, 're2-glue.js'), join(dir, 're2.js')]);
  if (!existsSync(wasmPath) || !gluePath) throw new Error(`no re2.wasm with its glue (re2-glue.js or re2.js) in ${dir}`);
  return reloadableFactory(wasmPath, gluePath);
}

/**
 * Finds the glue and the .wasm: beside the bundle (dist/, whose re2.wasm the build
 * optimises), else in node_modules. Without the glue's source, the bundled copy of the glue
 * is used once, reading the .wasm beside the bundle.
 */
function loadFactory(): Re2ModuleFactory {
  const pkg = packageDir();
  const wasmPath = firstExisting([join(__dirname, 're2.wasm'), pkg && join(pkg, 're2.wasm')]);
  const gluePath = firstExisting([join(__dirname, 're2-glue.js'), pkg && join(pkg, 're2.js')]);
  if (wasmPath && gluePath) return reloadableFactory(wasmPath, gluePath);
  return {
    canReload: false,
    description: 're2-wasm (bundled glue)',
    create: () => require('re2-wasm/build/wasm/re2.js') as Re2Module,
  };
}

let shared: Re2ModuleFactory | undefined;

/** The factory every engine uses by default: the glue and the compiled .wasm are read once per process. */
export function defaultFactory(): Re2ModuleFactory {
  shared ??= loadFactory();
  return shared;
}
