/**
 * Completion: the snippets that fit at the cursor (server/src/core/snippets.ts decides where),
 * as snippet completion items, or as plain text for clients without snippet support.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type CompletionParams,
} from 'vscode-languageserver';
import { LineIndex, atBareWord, snippetCompletions, expandSnippet } from '../core';
import { toRange } from './convert';

/** What completion needs of an open document: a line's text, and the whole text only when a snippet may fit. */
export interface CompletionSource {
  getText(range?: { start: { line: number; character: number }; end: { line: number; character: number } }): string;
}

export function completions(params: CompletionParams, doc: CompletionSource, snippetSupport: boolean): CompletionItem[] {
  const { line, character } = params.position;
  const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  // Most requests come while typing values: answered from the cursor's line alone.
  if (!atBareWord(lineText.slice(0, character), lineText.slice(character))) return [];
  const text = doc.getText();
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(params.position);
  return snippetCompletions(text, offset).map((c, i) => {
    const { snippet } = c;
    const range = toRange(lines, c.start, c.end);
    return {
      label: snippet.label,
      kind: CompletionItemKind.Snippet,
      // No `detail`: VS Code shows it inline on the selected row and cuts the label short for it.
      documentation: {
        kind: MarkupKind.Markdown,
        value: `**${snippet.title}**\n\n${snippet.description}\n\n\`\`\`yaml\n${expandSnippet(snippet.body)}\n\`\`\``,
      },
      filterText: snippet.label,
      sortText: String(i).padStart(3, '0'),
      // The text is indented for its position already: the client must not indent it again.
      insertTextMode: InsertTextMode.asIs,
      insertTextFormat: snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: snippetSupport ? c.insertText : expandSnippet(c.insertText) },
    };
  });
}
