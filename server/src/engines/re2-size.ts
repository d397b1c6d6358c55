/**
 * RE2's program size and compile budget, measured by the RE2 release Envoy ships.
 *
 * re2-wasm (the verdict engine, re2.ts) embeds RE2 of 2020 and compiles at ~25 µs per
 * instruction, so it never builds a large program. This module is RE2 2024-07-02 (the tag
 * envoyproxy/envoy pins) with a four-function C interface (scripts/re2-size/re2_size.cc),
 * built to WebAssembly by scripts/re2-size/build.sh and committed as re2-size.wasm. It
 * compiles the pattern exactly as Envoy does (`RE2(pattern, RE2::Quiet)`: UTF-8, max_mem
 * 8 MiB) and reports RE2's error code and `ProgramSize()`, the number Envoy compares with
 * `re2.max_program_size.error_level` (source/common/common/regex.cc). Every RE2 object is
 * destroyed before the call returns, so nothing leaks. The module is a standalone
 * WebAssembly file: the few system calls it imports are stubbed here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgramSizeResult, ProgramSizeService } from '../core/services';
import { cachedVerdict, Lru } from './lru';

/** The RE2 release inside re2-size.wasm (pinned by test/engines/re2-size.test.ts). */
export const RE2_SIZE_RELEASE = '2024-07-02';

/** RE2::ErrorCode values (re2/re2.h). */
export const RE2_ERROR_PATTERN_TOO_LARGE = 15;

interface Exports {
  memory: { buffer: ArrayBuffer };
  rs_check(ptr: number, len: number): number;
  rs_program_size(): number;
  rs_error_arg(): number;
  rs_error_arg_length(): number;
  rs_version(): number;
  rs_alloc(n: number): number;
  rs_free(ptr: number): void;
  _initialize?: () => void;
}

/** The slice of the WebAssembly API used here (not in the ES2022 lib typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

class Aborted extends Error {}

/** Stubs for what the standalone module imports: nothing it does needs a system. */
function imports(): object {
  const abort = () => {
    throw new Aborted('RE2 aborted');
  };
  const stub = () => 0;
  // Stack traces (abseil's, on fatal errors), clocks, environment, stdout: none is needed.
  const stubs = (fatal: string) => new Proxy({}, { get: (_t, name) => (name === fatal ? abort : stub) });
  return { env: stubs('abort'), wasi_snapshot_preview1: stubs('proc_exit') };
}

/** Where the committed module is: beside this file (sources, tests) or the bundle (dist/). */
function wasmPath(): string {
  const path = join(__dirname, 're2-size.wasm');
  if (!existsSync(path)) throw new Error(`re2-size.wasm not found in ${__dirname}`);
  return path;
}

let compiled: object | undefined;

function instantiate(): Exports {
  compiled ??= new wasmApi.Module(readFileSync(wasmPath()));
  const e = new wasmApi.Instance(compiled, imports()).exports as Exports;
  e._initialize?.();
  return e;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class Re2SizeEngine implements ProgramSizeService {
  private module: Exports | undefined;
  private readonly results = new Lru<string, ProgramSizeResult>(20_000, 8_000_000);
  private readonly counters = { compiles: 0, cacheHits: 0, reloads: 0 };

  /** The RE2 release the module reports it was built from. */
  version(): string {
    const m = this.instance();
    const ptr = m.rs_version();
    const bytes = new Uint8Array(m.memory.buffer, ptr, 32);
    return decoder.decode(bytes.subarray(0, bytes.indexOf(0)));
  }

  stats(): { compiles: number; cacheHits: number; reloads: number; cached: number } {
    return { ...this.counters, cached: this.results.size };
  }

  measure(pattern: string): ProgramSizeResult {
    return cachedVerdict(this.results, pattern, this.counters, (p) => this.compile(p));
  }

  private instance(): Exports {
    this.module ??= instantiate();
    return this.module;
  }

  private compile(pattern: string): ProgramSizeResult {
    this.counters.compiles++;
    try {
      return this.run(pattern);
    } catch (e) {
      // A trap leaves the instance in an unknown state: start a fresh one next time.
      this.module = undefined;
      this.counters.reloads++;
      return { ok: false, code: -1, arg: '', message: `RE2 could not measure this pattern (${e instanceof Error ? e.message : String(e)})` };
    }
  }

  private run(pattern: string): ProgramSizeResult {
    const m = this.instance();
    const bytes = encoder.encode(pattern);
    const ptr = m.rs_alloc(Math.max(1, bytes.length));
    try {
      new Uint8Array(m.memory.buffer, ptr, bytes.length).set(bytes);
      const code = m.rs_check(ptr, bytes.length);
      if (code === 0) return { ok: true, size: m.rs_program_size() };
      const arg = decoder.decode(new Uint8Array(m.memory.buffer, m.rs_error_arg(), m.rs_error_arg_length()));
      return { ok: false, code, arg, message: code === RE2_ERROR_PATTERN_TOO_LARGE ? 'pattern too large - compile failed' : `RE2 error ${code}` };
    } finally {
      m.rs_free(ptr);
    }
  }
}
