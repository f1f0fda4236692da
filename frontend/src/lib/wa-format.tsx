// WhatsApp text formatting as React nodes: *bold*, _italic_, ~strike~,
// ```monospace blocks```, `inline code`, "> " quotes, "- " / "* " / "1. "
// lists, clickable http(s) links and @mentions. Everything the sender wrote
// becomes text nodes; no HTML is ever parsed.
import type { ReactNode } from 'react';
import { jidUser } from './format';
import { safeHref } from './safe-url';

export interface FormatOptions {
  /** JIDs the text mentions (content.mentions); "@<number>" of one becomes a mention */
  mentions?: readonly string[] | null;
  /** shown names by JID */
  names?: Readonly<Record<string, string>>;
}

const INLINE: Record<string, 'strong' | 'em' | 'del'> = { '*': 'strong', _: 'em', '~': 'del' };
const URL_RE = /^(?:https?:\/\/|www\.)[^\s<>"]+/i;
const TRAILING = /[.,;:!?'")\]}]+$/;

class Keys {
  private n = 0;
  next(): string {
    return `f${this.n++}`;
  }
}

/** A character that may sit next to a marker on its outer side. */
const isBoundary = (c: string | undefined) => c === undefined || /[\s\p{P}\p{S}]/u.test(c);
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** Finds the closing marker for an opener at i, on the same line, or -1. */
function closer(s: string, i: number, end: number, mark: string): number {
  for (let j = i + 2; j < end; j++) {
    if (s[j] === '\n') return -1;
    if (s[j] === mark && !isSpace(s[j - 1]) && (j + 1 >= end || isBoundary(s[j + 1])) && s[j + 1] !== mark) return j;
  }
  return -1;
}

function mentionJid(number: string, opts: FormatOptions): string | undefined {
  return (opts.mentions ?? []).find((j) => j.split('@')[0].split(':')[0] === number);
}

/** Inline formatting of s[start:end] (one or more lines of plain text). */
function inline(s: string, start: number, end: number, opts: FormatOptions, keys: Keys): ReactNode[] {
  const out: ReactNode[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push(buf);
    buf = '';
  };
  let i = start;
  while (i < end) {
    const c = s[i];
    const prev = i > start ? s[i - 1] : undefined;
    if (c === '`' && s[i + 1] !== '`') {
      const j = s.indexOf('`', i + 1);
      if (j > i + 1 && j < end && !s.slice(i + 1, j).includes('\n')) {
        flush();
        out.push(
          <code key={keys.next()} className="wa-code">
            {s.slice(i + 1, j)}
          </code>,
        );
        i = j + 1;
        continue;
      }
    }
    if ((c === 'h' || c === 'H' || c === 'w' || c === 'W') && isBoundary(prev)) {
      const m = URL_RE.exec(s.slice(i, end));
      if (m) {
        const text = m[0].replace(TRAILING, '');
        const href = safeHref(/^www\./i.test(text) ? `https://${text}` : text);
        if (href) {
          flush();
          out.push(
            <a key={keys.next()} href={href} target="_blank" rel="noopener noreferrer" className="wa-link">
              {text}
            </a>,
          );
          i += text.length;
          continue;
        }
      }
    }
    if (c === '@' && isBoundary(prev)) {
      const m = /^\d{5,20}/.exec(s.slice(i + 1, end));
      const jid = m ? mentionJid(m[0], opts) : undefined;
      if (m && jid) {
        flush();
        out.push(
          <span key={keys.next()} className="wa-mention" title={jidUser(jid)}>
            @{opts.names?.[jid] || jidUser(jid)}
          </span>,
        );
        i += 1 + m[0].length;
        continue;
      }
    }
    const tag = INLINE[c];
    if (tag && isBoundary(prev) && i + 1 < end && !isSpace(s[i + 1]) && s[i + 1] !== c) {
      const j = closer(s, i, end, c);
      if (j > 0) {
        flush();
        const Tag = tag;
        out.push(<Tag key={keys.next()}>{inline(s, i + 1, j, opts, keys)}</Tag>);
        i = j + 1;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

type Block =
  | { kind: 'text'; lines: string[] }
  | { kind: 'pre'; text: string }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'ul'; items: string[] }
  | { kind: 'ol'; items: string[]; start: number };

const QUOTE = /^> ?(.*)$/;
const BULLET = /^[-*] (.*)$/;
const NUMBERED = /^(\d{1,9})\. (.*)$/;

/** Splits text into blocks: ``` spans first, then line kinds. */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  const push = (b: Block) => out.push(b);
  const lineBlocks = (part: string) => {
    for (const line of part.split('\n')) {
      const last = out[out.length - 1];
      let m: RegExpExecArray | null;
      if ((m = QUOTE.exec(line)) && line.startsWith('>')) {
        if (last?.kind === 'quote') last.lines.push(m[1]);
        else push({ kind: 'quote', lines: [m[1]] });
      } else if ((m = BULLET.exec(line))) {
        if (last?.kind === 'ul') last.items.push(m[1]);
        else push({ kind: 'ul', items: [m[1]] });
      } else if ((m = NUMBERED.exec(line))) {
        if (last?.kind === 'ol') last.items.push(m[2]);
        else push({ kind: 'ol', items: [m[2]], start: Number(m[1]) });
      } else if (last?.kind === 'text') last.lines.push(line);
      else push({ kind: 'text', lines: [line] });
    }
  };
  let rest = text;
  for (;;) {
    const a = rest.indexOf('```');
    const b = a >= 0 ? rest.indexOf('```', a + 3) : -1;
    if (a < 0 || b < 0 || b === a + 3) break;
    const before = rest.slice(0, a).replace(/\n$/, '');
    if (before) lineBlocks(before);
    push({ kind: 'pre', text: rest.slice(a + 3, b).replace(/^\n/, '') });
    rest = rest.slice(b + 3).replace(/^\n/, '');
  }
  if (rest || out.length === 0) lineBlocks(rest);
  return out;
}

/** The message text with WhatsApp's formatting, as React nodes (text nodes and safe elements only). */
export function formatWhatsApp(text: string, opts: FormatOptions = {}): ReactNode[] {
  const keys = new Keys();
  const line = (l: string) => inline(l, 0, l.length, opts, keys);
  return blocks(text ?? '').map((b): ReactNode => {
    const k = keys.next();
    switch (b.kind) {
      case 'pre':
        return (
          <pre key={k} className="wa-pre">
            {b.text}
          </pre>
        );
      case 'quote':
        return (
          <blockquote key={k} className="wa-quote">
            {line(b.lines.join('\n'))}
          </blockquote>
        );
      case 'ul':
        return (
          <ul key={k} className="wa-list">
            {b.items.map((it, i) => (
              <li key={i}>{line(it)}</li>
            ))}
          </ul>
        );
      case 'ol':
        return (
          <ol key={k} className="wa-list" start={b.start}>
            {b.items.map((it, i) => (
              <li key={i}>{line(it)}</li>
            ))}
          </ol>
        );
      default:
        return <span key={k}>{line(b.lines.join('\n'))}</span>;
    }
  });
}
