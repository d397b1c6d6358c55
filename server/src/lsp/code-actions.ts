/**
 * Code actions for Istio Tips diagnostics, matched by diagnostic `code` (the rule id),
 * never by message text. Every edit names the document version it was computed for,
 * so an editor that moved on refuses it instead of corrupting the file.
 */
import {
  CodeActionKind,
  CodeActionTriggerKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { LineIndex, disableFileEdit, disableLineEdit, type TextEdit } from '../core';
import { isDiagnosticData, sameRange, toDataFix, toRange } from './convert';
import { Commands, FIX_ALL_KIND, SOURCE, type DataFix } from './protocol';
import type { Snapshot } from './service';

export interface CodeActionContextInfo {
  uri: string;
  version: number;
  /** Current text of the document (at `version`). */
  text: string;
  /** Findings of exactly `version`, when analysis is up to date. */
  snapshot: Snapshot | undefined;
  /** Whether to offer actions that run the client's `istioTips.*` commands. */
  clientCommands: boolean;
  /** Whether the client takes versioned `documentChanges`. */
  documentChanges: boolean;
  /** New full text with every safe fix applied (re-analysing between rounds), undefined when nothing to fix. */
  fixAll(): string | undefined;
}


export function codeActions(params: CodeActionParams, info: CodeActionContextInfo): CodeAction[] {
  const only = params.context?.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  // Built on first need: most requests (automatic ones on each cursor move) have nothing of ours
  // to act on, and a line table of a large file is not free.
  let table: LineIndex | undefined;
  const lines = () => (table ??= new LineIndex(info.text));
  const workspaceEdit = (edits: LspTextEdit[]) => buildEdit(info, edits);

  if (wants(CodeActionKind.QuickFix)) {
    const ours = (params.context?.diagnostics ?? []).filter((d) => d.source === SOURCE && typeof d.code === 'string');
    const disabledLine = new Set<string>();
    const perRule = new Map<string, Diagnostic[]>();
    const preferredTaken = new Set<Diagnostic>();
    for (const diagnostic of ours) {
      const rule = diagnostic.code as string;
      const fixes = fixesOf(diagnostic, info);
      if (fixes === undefined) continue; // computed for another version: stale
      for (const fix of fixes) {
        const preferred = fix.preferred && !preferredTaken.has(diagnostic);
        if (preferred) preferredTaken.add(diagnostic);
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred || undefined, edit: workspaceEdit(fix.edits) });
      }
      const line = diagnostic.range.start.line;
      if (!disabledLine.has(`${rule}@${line}`)) {
        disabledLine.add(`${rule}@${line}`);
        const edit = disableLineEdit(info.text, lines(), line, rule);
        if (edit) actions.push({ title: `Disable ${rule} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit([toLsp(lines(), edit)]) });
      }
      perRule.set(rule, [...(perRule.get(rule) ?? []), diagnostic]);
    }
    for (const [rule, diagnostics] of perRule) {
      const edit = disableFileEdit(info.text, lines(), rule);
      if (edit) actions.push({ title: `Disable ${rule} for this file`, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit([toLsp(lines(), edit)]) });
    }
    if (info.clientCommands) {
      for (const [rule, diagnostics] of perRule) {
        actions.push({
          title: `Show documentation for ${rule}`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          command: { title: `Show documentation for ${rule}`, command: Commands.showRuleDocumentation, arguments: [rule] },
        });
      }
    }
  }

  // Offered when asked for explicitly (Source Action menu, codeActionsOnSave), or on a user's request when there is
  // something safe to fix. Not for the automatic requests editors send on every cursor move: it re-analyses the file.
  const explicit = !!only && wants(FIX_ALL_KIND);
  const automatic = params.context?.triggerKind === CodeActionTriggerKind.Automatic;
  const hasSafe = info.snapshot?.findings.some((f) => f.fixes.some((x) => x.safe)) ?? false;
  if (explicit || (!only && !automatic && hasSafe)) {
    const fixed = info.fixAll();
    if (fixed !== undefined && fixed !== info.text) {
      actions.push({ title: 'Fix all safe Istio Tips problems', kind: FIX_ALL_KIND, edit: workspaceEdit([toLsp(lines(), minimalEdit(info.text, fixed))]) });
    }
  }
  return actions;
}

/** The fixes a diagnostic stands for, or undefined when it describes another version of the document. */
function fixesOf(diagnostic: Diagnostic, info: CodeActionContextInfo): DataFix[] | undefined {
  if (isDiagnosticData(diagnostic.data)) return diagnostic.data.version === info.version ? diagnostic.data.fixes : undefined;
  // Clients that do not round-trip `data`: look the finding up in the current analysis.
  const snap = info.snapshot;
  if (!snap || snap.version !== info.version) return undefined;
  const lines = new LineIndex(snap.text);
  const finding = snap.findings.find((f) => f.rule === diagnostic.code && sameRange(toRange(lines, f.start, f.end), diagnostic.range));
  return finding ? finding.fixes.map((f) => toDataFix(lines, f)) : undefined;
}

function buildEdit(info: CodeActionContextInfo, edits: LspTextEdit[]): WorkspaceEdit {
  if (info.documentChanges) return { documentChanges: [{ textDocument: { uri: info.uri, version: info.version }, edits }] };
  return { changes: { [info.uri]: edits } };
}

const toLsp = (lines: LineIndex, e: TextEdit): LspTextEdit => ({ range: toRange(lines, e.start, e.end), newText: e.newText });

/** One edit replacing only the part of `before` that differs from `after`. */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  // Never split a surrogate pair: positions must fall on whole characters.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (endB < before.length && isLowSurrogate(before.charCodeAt(endB))) {
    endB++;
    endA++;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
