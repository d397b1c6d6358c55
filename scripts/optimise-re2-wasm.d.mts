// Types for the parts of scripts/optimise-re2-wasm.mjs that tests call.
export declare const WASM_OPT_FLAGS: string[];
export declare function committedMatches(input: string): { ok: boolean; why?: string; record?: Record<string, unknown> };
export declare function shipRe2Wasm(input: string, output: string): string;
