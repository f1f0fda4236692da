// Search snippets mark matches with U+0002 (start) and U+0003 (end). This splits them into
// plain parts that the UI wraps in <mark> — as React text, never as HTML.

export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

export interface SnippetPart {
  text: string;
  match: boolean;
}

export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let cur = '';
  let inMatch = false;
  const flush = () => {
    if (cur) {
      const last = parts[parts.length - 1];
      if (last && last.match === inMatch) last.text += cur;
      else parts.push({ text: cur, match: inMatch });
    }
    cur = '';
  };
  for (const ch of snippet ?? '') {
    if (ch === MATCH_START) {
      flush();
      inMatch = true;
    } else if (ch === MATCH_END) {
      flush();
      inMatch = false;
    } else {
      cur += ch;
    }
  }
  flush();
  return parts;
}
