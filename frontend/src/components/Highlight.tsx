import { splitSnippet } from '../lib/highlight';

/** Renders a search snippet with <mark>ed matches. Text only — never HTML. */
export function Highlight({ snippet }: { snippet: string }) {
  return (
    <span className="snippet">
      {splitSnippet(snippet).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
