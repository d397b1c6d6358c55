/**
 * The analysis engine: text in, findings out.
 *
 * Per file: split into documents (cheap line scan), skip documents that name no kind any
 * rule reads, parse the rest one by one, run document rules and indexers, and keep the
 * results keyed by the document's text. A keystroke re-parses only the document it touched.
 * Per workspace: workspace rules read the indexers' facts from every file, never an AST.
 * Finally user config (severity, off) and suppression comments apply.
 */
import { ALL_KINDS, isKnownKind, kindPrefilter } from './kinds';
import { documentStarts, editDocuments, splitDocuments, textEdit, type DocMapping } from './document/split';
import { FACTS, FINDINGS, TEMPLATED, WorkspaceMemo, flagsOf, unmatched, type FileMemo, type WorkspaceEvent } from './engine-memo';
import { FactGroups } from './fact-groups';
import { overlapsAny } from './document/template';
import { parseChunk, toResource, type ResourceDoc } from './document/resource';
import { enabledByDefault, type DocContext, type DocRule, type Indexer, type ReportInput, type Rule, type RuleMeta, type WorkspaceRule } from './rule';
import { ownCopy } from './text';
import type { Config } from './config';
import type { FileFinding, Finding, TextEdit } from './types';
import type { DocResult, FileAnalysis } from './analysis';
import { INTERNAL_ERROR } from './rules/internal-error';
import { NO_SERVICES, type Services } from './services';
import type { HoverProvider, HoverResult } from './hover';
import { PatternMemo } from './regex/pattern-memo';
import { SUPPRESSION_MARK, anchorOf, docText, finalize, internalError, lineFeeds, makeFinding, placeRelated, shiftFinding, suppressionsOf } from './engine-findings';
import { buildIndex } from './workspace-index';

export { buildIndex } from './workspace-index';

export type { DocResult, FileAnalysis } from './analysis';

export interface AnalyzerOptions {
  rules: readonly Rule[];
  /** Regex engines; without them regex compile checks judge nothing. */
  services?: Services;
  hoverProviders?: readonly HoverProvider[];
  /**
   * Parse plain block YAML with the fast path (default), which builds the same nodes as
   * `yaml`; false parses every document with `yaml` (the reference the fast path is tested
   * against).
   */
  fastYaml?: boolean;
}


/** An internal error of `id` at the document's kind (the anchor is looked up only when something threw). */
function internalErrorIn(doc: ResourceDoc, id: string, e: unknown): Finding {
  const at = anchorOf(doc);
  return internalError(id, e, at.start, at.end);
}

export class Analyzer {
  readonly rules: readonly Rule[];
  readonly services: Services;
  private readonly hoverProviders: readonly HoverProvider[];
  private readonly docRules: readonly DocRule[];
  private readonly rulesByKind = new Map<string | undefined, readonly DocRule[]>();
  private readonly wsRules: readonly WorkspaceRule[];
  private readonly indexers: readonly Indexer[];
  private readonly prefilter: (source: string) => boolean;
  private readonly fastYaml: boolean;
  /** Per file: the last text analysed, its documents and their results. */
  private readonly cache = new Map<string, FileMemo>();
  private cacheKey = '';
  /** Workspace rules grouped by the indexers they read, each group with its own memo of reports. */
  private readonly wsGroups: ReadonlyArray<{ rules: WorkspaceRule[]; memo: WorkspaceMemo }>;
  /** Each file's facts grouped by indexer and by rule group, patched per changed document. */
  private readonly factGroups: FactGroups;
  private readonly patterns = new PatternMemo();
  /** Rules that report nothing unless the config gives them a severity (RuleMeta.defaultEnabled). */
  private readonly offByDefault: ReadonlySet<string>;
  private readonly lineFeeds = new WeakMap<DocResult, number>();
  /** Flag bytes per document of each analysis this analyzer returned (see FACTS...). */
  private readonly flags = new WeakMap<FileAnalysis, Uint8Array>();
  /**
   * The finding made of each workspace-rule report for its document's length, and placed at the
   * document's start; by report input, which replayed reports share (the group memo's events, and
   * the reports of VirtualServices the traffic world did not check again).
   */
  private readonly placed = new WeakMap<ReportInput, { rule: RuleMeta; length: number; made: Finding; docStart: number; finding: Finding }>();

  constructor(options: AnalyzerOptions) {
    this.rules = options.rules;
    this.services = options.services ?? NO_SERVICES;
    this.hoverProviders = options.hoverProviders ?? [];
    this.fastYaml = options.fastYaml ?? true;
    this.offByDefault = new Set(options.rules.filter((r) => !enabledByDefault(r.meta)).map((r) => r.meta.id));
    this.docRules = options.rules.filter((r): r is DocRule => r.scope === 'document');
    this.wsRules = options.rules.filter((r): r is WorkspaceRule => r.scope === 'workspace');
    const groups = new Map<string, { rules: WorkspaceRule[]; memo: WorkspaceMemo }>();
    for (const r of this.wsRules) {
      const keys = [...new Set(r.uses.map((ix) => ix.key))].sort();
      const id = keys.join('\n');
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { rules: [], memo: new WorkspaceMemo(keys) }));
      g.rules.push(r);
    }
    this.wsGroups = [...groups.values()];
    this.factGroups = new FactGroups(this.wsGroups.map((g) => g.memo.keys));
    const indexers = new Map<string, Indexer>();
    for (const r of this.wsRules) for (const ix of r.uses) indexers.set(ix.key, ix);
    this.indexers = [...indexers.values()];
    // Every kind we know is parsed (so yaml-syntax covers all of them), plus any a rule names.
    const kinds = new Set<string>(ALL_KINDS);
    for (const r of this.docRules) r.meta.kinds.forEach((k) => kinds.add(k));
    for (const ix of this.indexers) ix.kinds.forEach((k) => k && !ix.extraKinds?.[k] && kinds.add(k));
    const extra = new Map<string, (source: string) => boolean>();
    for (const ix of this.indexers) {
      for (const [k, test] of Object.entries(ix.extraKinds ?? {})) {
        const prev = extra.get(k);
        if (!kinds.has(k)) extra.set(k, prev ? (s) => prev(s) || test(s) : test);
      }
    }
    this.prefilter = kindPrefilter(kinds, extra);
  }

  /** The document rules that apply to a known kind (undefined: an unknown one), in registry order; memoised per kind. */
  private docRulesFor(kind: string | undefined): readonly DocRule[] {
    let list = this.rulesByKind.get(kind);
    if (!list) {
      list = this.docRules.filter((r) => !r.meta.kinds.length || (kind !== undefined && r.meta.kinds.includes(kind)));
      this.rulesByKind.set(kind, list);
    }
    return list;
  }

  /** Drops cached results of a file (closed, deleted). */
  forget(uri: string): void {
    this.cache.delete(uri);
    this.factGroups.forget(uri);
  }

  analyzeFile(uri: string, text: string, config: Config): FileAnalysis {
    this.useConfig(config);
    // A document's result depends only on its text (and the namespaces above), so results
    // are reused: a new text is the edit that turns the last one into it.
    const previous = this.cache.get(uri);
    const analysis: FileAnalysis = { uri, text, length: text.length, docStarts: [], docs: [], notices: [] };
    if (!previous) {
      analysis.docStarts = documentStarts(text);
      return this.assemble(previous, { prefix: 0, tailNew: -1, tailOld: -1 }, analysis, config);
    }
    const old = previous.analysis.text;
    const edited = editDocuments(previous.texts, previous.starts, old === text ? [] : [textEdit(old, text)])!;
    analysis.docStarts = edited.starts;
    return this.assemble(previous, edited.mapping, analysis, config, edited.texts);
  }

  /**
   * `analyzeFile` for the text that `edits` (in order, each in offsets of the text just before
   * it) make of `base`'s: only the documents they touch are split, parsed and checked again,
   * and no string of the whole file is built (the result's `text` is joined when first read).
   * Undefined when `base` is not this analyzer's latest analysis of `uri` (or the config
   * changed, or an edit lies outside the text): then analyse the whole text instead.
   */
  analyzeEdits(uri: string, base: FileAnalysis, edits: readonly TextEdit[], config: Config): FileAnalysis | undefined {
    const previous = this.cache.get(uri);
    if (!previous || previous.analysis !== base || this.configKey(config) !== this.cacheKey) return undefined;
    const edited = editDocuments(previous.texts, previous.starts, edits);
    if (!edited) return undefined;
    const { texts, starts, mapping } = edited;
    const n = texts.length;
    let joined: string | undefined;
    const analysis: FileAnalysis = {
      uri,
      get text() {
        return (joined ??= texts.join(''));
      },
      length: starts[n - 1] + texts[n - 1].length,
      docStarts: starts,
      docs: [],
      notices: [],
    };
    return this.assemble(previous, mapping, analysis, config, texts);
  }

  private configKey(config: Config): string {
    return `${config.rootNamespace}\u0000${config.defaultNamespace}`;
  }

  /** Results depend on the namespaces: when they change, nothing cached is valid any more. */
  private useConfig(config: Config): void {
    const key = this.configKey(config);
    if (key !== this.cacheKey) {
      this.cache.clear();
      this.cacheKey = key;
    }
  }

  /**
   * Fills `analysis` (split at its `docStarts`; `texts`, the documents' own texts when they are
   * kept apart, else slices of its text) with document results: the previous
   * ones where `mapping` says a document kept its text, by text in the edited region, fresh
   * ones otherwise. Outside the region only pointers and flag bytes are copied: a keystroke
   * in a file of 20,000 documents touches the few it changed, not every result.
   */
  private assemble(previous: FileMemo | undefined, mapping: DocMapping, analysis: FileAnalysis, config: Config, texts?: readonly string[]): FileAnalysis {
    const { uri, docStarts } = analysis;
    const sourceAt = texts ? (i: number) => texts[i] : (i: number) => analysis.text.slice(docStarts[i], i + 1 < docStarts.length ? docStarts[i + 1] : analysis.length);
    const n = docStarts.length;
    const prefix = previous ? mapping.prefix : 0;
    const tail = previous && mapping.tailNew !== -1 ? mapping.tailNew : n;
    // A cached text had no NUL, so only the documents that changed can hold one (searching a
    // megabyte per keystroke is what this avoids).
    for (let i = prefix; i < tail; i++) {
      if (sourceAt(i).includes('\u0000')) {
        this.cache.delete(uri);
        return { uri, text: analysis.text, length: analysis.length, docStarts: [], docs: [], notices: ['binary content (NUL bytes): not a YAML file, skipped'] };
      }
    }
    const docs: DocResult[] = new Array(n);
    const flags = new Uint8Array(n);
    for (let i = 0; i < prefix; i++) docs[i] = previous!.results[i];
    if (prefix) flags.set(previous!.flags.subarray(0, prefix));
    if (tail < n) {
      const shift = mapping.tailOld - tail;
      for (let i = tail; i < n; i++) {
        const result = previous!.results[i + shift];
        docs[i] = shift === 0 ? result : { ...result, index: i };
      }
      flags.set(previous!.flags.subarray(tail + shift, n + shift), tail);
    }
    if (previous) {
      // Documents of the edited region may have kept their text (moved, or pasted back).
      const byText = unmatched(previous, mapping);
      for (let i = prefix; i < tail; i++) {
        const source = sourceAt(i);
        let result = byText.get(source) ?? this.analyzeDocument(ownCopy(source), i, config);
        byText.set(source, result);
        if (result.index !== i) result = { ...result, index: i };
        docs[i] = result;
        flags[i] = flagsOf(result);
      }
    } else {
      // A first analysis: the document texts, slices of the file's text, are kept anyway (see below).
      for (let i = 0; i < n; i++) {
        docs[i] = this.analyzeDocument(sourceAt(i), i, config);
        flags[i] = flagsOf(docs[i]);
      }
    }
    analysis.docs = docs;
    // Slices of the text (no copies) when it came whole: the text is kept anyway, and edits need the documents apart.
    const kept = texts ?? Array.from({ length: n }, (_, i) => sourceAt(i));
    analysis.docText = (i) => kept[i];
    this.cache.set(uri, { analysis, starts: docStarts, texts: kept, results: docs, flags });
    let templated = 0;
    for (let i = 0; i < n; i++) if (flags[i] & TEMPLATED) templated++;
    if (templated) {
      analysis.notices.push(
        `${templated} document${templated === 1 ? '' : 's'} contain${templated === 1 ? 's' : ''} Helm/Go template directives: ` +
          'checked what parses; values produced by templates are not checked',
      );
    }
    this.flags.set(analysis, flags);
    return analysis;
  }

  /** Line feeds in a document's text, kept per result (a result stands for one text). */
  private lineFeedsOf(file: FileAnalysis, i: number): number {
    const doc = file.docs[i];
    let n = this.lineFeeds.get(doc);
    if (n === undefined) this.lineFeeds.set(doc, (n = lineFeeds(docText(file, i))));
    return n;
  }

  /** The flag bytes of a file's documents (computed when the analysis did not come from this analyzer). */
  private flagsFor(file: FileAnalysis): Uint8Array {
    let flags = this.flags.get(file);
    if (!flags || flags.length !== file.docs.length) {
      flags = Uint8Array.from(file.docs, flagsOf);
      this.flags.set(file, flags);
    }
    return flags;
  }

  private analyzeDocument(source: string, index: number, config: Config): DocResult {
    const suppressions = source.includes(SUPPRESSION_MARK);
    const empty: DocResult = { index, apiVersion: '', kind: '', name: undefined, namespace: undefined, parsed: false, suppressions, findings: [], facts: new Map(), templates: [] };
    if (!this.prefilter(source)) return empty;
    let doc: ResourceDoc;
    try {
      doc = toResource(parseChunk(source, this.fastYaml), index);
    } catch (e) {
      // `yaml` does not throw on bad input; this is a last line of defence.
      return { ...empty, findings: [internalError('yaml-parser', e, 0, Math.min(source.length, 1))] };
    }
    const known = doc.kind !== '' && isKnownKind(doc.group, doc.kind);
    const findings: Finding[] = [];
    // One context for every rule of the document; `meta` says whose report it is.
    let meta: RuleMeta = INTERNAL_ERROR.meta;
    const ctx: DocContext = {
      config,
      services: this.services,
      patterns: this.patterns,
      report: (input) => {
        if (doc.templates.length && overlapsAny(doc.templates, input.start, input.end)) return;
        findings.push(makeFinding(meta, input, source.length));
      },
    };
    for (const rule of this.docRulesFor(known ? doc.kind : undefined)) {
      meta = rule.meta;
      try {
        rule.check(doc, ctx);
      } catch (e) {
        findings.push(internalErrorIn(doc, rule.meta.id, e));
      }
    }
    const facts = new Map<string, unknown[]>();
    for (const ix of this.indexers) {
      // Kinds outside the analysed set only reach the indexers that asked for them (extraKinds).
      if (!ix.kinds.includes(doc.kind) || (!known && !ix.extraKinds?.[doc.kind])) continue;
      try {
        const values = ix.extract(doc, config);
        if (values.length) facts.set(ix.key, values);
      } catch (e) {
        findings.push(internalErrorIn(doc, `indexer ${ix.key}`, e));
      }
    }
    return {
      index,
      apiVersion: doc.apiVersion,
      kind: doc.kind,
      name: doc.name,
      namespace: doc.namespace,
      parsed: true,
      suppressions,
      findings,
      facts,
      templates: doc.templates.slice(),
    };
  }

  /**
   * Runs workspace rules over every file's facts and returns the final findings of each
   * file in `report` (all files when omitted), with user config and suppressions applied,
   * sorted by position.
   */
  analyzeWorkspace(files: Iterable<FileAnalysis>, config: Config, report?: ReadonlySet<string>): Map<string, FileFinding[]> {
    const byUri = new Map<string, FileAnalysis>();
    for (const f of files) byUri.set(f.uri, f);
    const raw = new Map<string, Finding[]>();
    const push = (uri: string, f: Finding) => {
      if (report && !report.has(uri)) return;
      const list = raw.get(uri);
      if (list) list.push(f);
      else raw.set(uri, [f]);
    };
    for (const file of byUri.values()) {
      if (report && !report.has(file.uri)) continue;
      raw.set(file.uri, []);
      const flags = this.flagsFor(file);
      for (let i = 0; i < flags.length; i++) {
        if (!(flags[i] & FINDINGS)) continue;
        const found = file.docs[i].findings;
        for (let k = 0; k < found.length; k++) push(file.uri, shiftFinding(found[k], file.docStarts[i]));
      }
    }
    if (this.wsRules.length) this.runWorkspaceRules(byUri, config, push);
    const out = new Map<string, FileFinding[]>();
    for (const [uri, findings] of raw) {
      const file = byUri.get(uri);
      out.set(uri, file ? finalize(file, findings, config, suppressionsOf(file, this.flagsFor(file), (i) => this.lineFeedsOf(file, i)), this.offByDefault) : []);
    }
    return out;
  }

  private runWorkspaceRules(byUri: Map<string, FileAnalysis>, config: Config, push: (uri: string, f: Finding) => void): void {
    // Same facts (of the indexers a group reads), same config: the group's rules would report the
    // same, so replay what they said.
    const events: WorkspaceEvent[] = [];
    let index: ReturnType<typeof buildIndex> | undefined;
    const files = this.factGroups.of(byUri.values(), (file) => this.flagsFor(file), FACTS);
    for (const [g, group] of this.wsGroups.entries()) {
      const memo = group.memo.lookup(this.factGroups.docsOf(files, g), config);
      if (memo.events) {
        for (const e of memo.events) events.push(e);
        continue;
      }
      const recorded: WorkspaceEvent[] = [];
      if (!index) {
        const byKey = new Map<string, ReturnType<FactGroups['entries']>>();
        index = buildIndex(byUri.values(), config, (key) => byKey.get(key) ?? byKey.set(key, this.factGroups.entries(files, key)).get(key)!);
      }
      for (const rule of group.rules) {
        try {
          rule.check(index, { config, services: this.services, report: (at, input) => recorded.push({ rule: rule.meta, at, input }) });
        } catch (error) {
          recorded.push({ rule: rule.meta, error });
        }
      }
      group.memo.store(memo.docs, config, recorded);
      events.push(...recorded);
    }
    for (const e of events) {
      if ('error' in e) {
        const first = [...byUri.values()].find((f) => f.docs.some((d) => d.parsed));
        if (first) push(first.uri, internalError(e.rule.id, e.error, 0, 0));
        continue;
      }
      const { at, input } = e;
      const file = byUri.get(at.uri);
      const doc = file?.docs[at.index];
      if (!file || !doc) continue;
      if (doc.templates.length && overlapsAny(doc.templates, input.start, input.end)) continue;
      const docStart = file.docStarts[at.index];
      const length = (at.index + 1 < file.docStarts.length ? file.docStarts[at.index + 1] : file.length) - docStart;
      // A replayed report has the same input: its finding is made again only when its document changed length, placed again when it moved.
      let placed = this.placed.get(input);
      if (!placed || placed.length !== length || placed.rule !== e.rule) {
        const made = makeFinding(e.rule, input, length);
        placed = { rule: e.rule, length, made, docStart, finding: shiftFinding(made, docStart) };
        this.placed.set(input, placed);
      } else if (placed.docStart !== docStart) {
        placed.docStart = docStart;
        placed.finding = shiftFinding(placed.made, docStart);
      }
      // Related locations are placed each time: the other resource's document may have moved.
      const related = input.related?.flatMap((r) => placeRelated(byUri.get(r.at.uri), r));
      push(at.uri, related?.length ? { ...placed.finding, related } : placed.finding);
    }
  }
  /**
   * Hover at `offset` of file `uri` (whose text is `text`): what the core's hover providers
   * say about the spot, with workspace facts from `files`. Parses only the document hovered.
   */
  hover(uri: string, text: string, offset: number, files: Iterable<FileAnalysis>, config: Config): HoverResult | undefined {
    const chunk = splitDocuments(text).find((c) => offset >= c.start && offset <= c.end);
    if (!chunk || !this.hoverProviders.length) return undefined;
    const source = text.slice(chunk.start, chunk.end);
    if (!this.prefilter(source)) return undefined;
    const doc = toResource(parseChunk(source, this.fastYaml), chunk.index);
    if (!doc.kind || !isKnownKind(doc.group, doc.kind)) return undefined;
    const ctx = { config, services: this.services, workspace: buildIndex(files, config), uri };
    for (const p of this.hoverProviders) {
      if (!p.kinds.includes(doc.kind)) continue;
      try {
        const h = p.hover(doc, offset - chunk.start, ctx);
        if (h) return { ...h, start: h.start + chunk.start, end: h.end + chunk.start };
      } catch {
        // A failing hover shows nothing rather than an error popup.
      }
    }
    return undefined;
  }
}
